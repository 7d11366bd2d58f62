package dev.mmlake.versions;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.connectors.LicenseClass;
import dev.mmlake.connectors.Licenses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The class of each license id, as {@code lake.licenses} says (a user's edits count), falling
 * back to the shipped table for ids the lakehouse does not list. Ids compare case-insensitively;
 * an id nobody lists, or null, is {@link LicenseClass#UNKNOWN}.
 */
public final class LicenseBook {
  private final Map<String, LicenseClass> classes;

  private LicenseBook(Map<String, LicenseClass> classes) {
    this.classes = Map.copyOf(classes);
  }

  /** The shipped table only. */
  public static LicenseBook shipped() {
    Map<String, LicenseClass> m = new HashMap<>();
    Licenses.load().all().forEach(l -> m.put(key(l.id()), l.licenseClass()));
    return new LicenseBook(m);
  }

  /** {@code lake.licenses} over the shipped table. */
  public static LicenseBook of(Lakehouse lakehouse) {
    Map<String, LicenseClass> m = new HashMap<>(shipped().classes);
    if (!lakehouse.catalog().tableExists(LakeTables.LICENSES)) {
      return new LicenseBook(m);
    }
    Table t = lakehouse.table(LakeTables.LICENSES);
    if (t.currentSnapshot() == null || t.schema().findField("license_id") == null) {
      return new LicenseBook(m);
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).select("license_id", "class")
        .build()) {
      for (Record r : rows) {
        Object id = r.getField("license_id");
        if (id != null) {
          m.put(key(id.toString()), LicenseClass.find((String) r.getField("class"))
              .orElse(LicenseClass.UNKNOWN));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + LakeTables.LICENSES, e);
    }
    return new LicenseBook(m);
  }

  public LicenseClass classOf(String licenseId) {
    return licenseId == null ? LicenseClass.UNKNOWN
        : classes.getOrDefault(key(licenseId), LicenseClass.UNKNOWN);
  }

  private static String key(String id) {
    return id.strip().toLowerCase(Locale.ROOT);
  }
}
