package dev.mmlake.connectors;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * Moves a lakehouse made before licenses were data to license ids:
 * <ol>
 *   <li>{@link #replaceLegacyTable}: a {@code lake.licenses} keyed by source (columns
 *       {@code source, license, license_url, permissive}) is dropped before {@code init}, which
 *       then creates the id-keyed table and seeds it;</li>
 *   <li>{@link #backfillItems}: after {@code init} added {@code license_terms} to
 *       {@code lake.items}, every row whose {@code license} is free text gets its id (see
 *       {@link Licenses#idForText}; a COCO image gets the id of its own image license URL) and
 *       the former text in {@code license_terms}; text no listed license matches becomes
 *       {@code LicenseRef-Unknown}. One overwrite snapshot; the table is then marked with
 *       {@value #DONE_PROPERTY} so later opens skip the scan.</li>
 * </ol>
 * Dataset versions are separate tables tagged at their snapshots, so versions built before keep
 * the text they were built with and stay readable.
 */
public final class LicenseMigration {
  /** Table property on {@code lake.items}: its license column holds ids. */
  public static final String DONE_PROPERTY = "mmlake.items.license-ids";
  static final String UNKNOWN = "LicenseRef-Unknown";

  private LicenseMigration() {
  }

  /** Drops a source-keyed {@code lake.licenses}; true when it did. */
  public static boolean replaceLegacyTable(Lakehouse lakehouse) {
    if (!lakehouse.catalog().tableExists(LakeTables.LICENSES)) {
      return false;
    }
    Table t = lakehouse.table(LakeTables.LICENSES);
    if (t.schema().findField("license_id") != null || t.schema().findField("source") == null) {
      return false;
    }
    lakehouse.catalog().dropTable(LakeTables.LICENSES, false);
    return true;
  }

  /**
   * Rewrites the free-text licenses of {@code lake.items} as ids, once.
   *
   * @return rows whose license changed (0 when already done or nothing needed a change)
   */
  public static long backfillItems(Lakehouse lakehouse) {
    Table items = lakehouse.table(LakeTables.ITEMS);
    if ("true".equals(items.properties().get(DONE_PROPERTY))) {
      return 0;
    }
    long changed = 0;
    Snapshot base = items.currentSnapshot();
    if (base != null) {
      changed = rewrite(lakehouse, items, base, Licenses.load());
    }
    items.refresh();
    if (!"true".equals(items.properties().get(DONE_PROPERTY))) {
      items.updateProperties().set(DONE_PROPERTY, "true").commit();
    }
    return changed;
  }

  private static long rewrite(Lakehouse lakehouse, Table items, Snapshot base,
      Licenses licenses) {
    List<Record> rows = new ArrayList<>();
    long changed = 0;
    try (CloseableIterable<Record> in = IcebergGenerics.read(items)
        .useSnapshot(base.snapshotId()).build()) {
      for (Record r : in) {
        // rows read at the base snapshot have its (older) schema: carry them over by name
        Record copy = GenericRecord.create(items.schema());
        for (Types.NestedField f : items.schema().columns()) {
          if (r.struct().field(f.name()) != null) {
            copy.setField(f.name(), r.getField(f.name()));
          }
        }
        if (migrate(copy, licenses)) {
          changed++;
        }
        rows.add(copy);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + LakeTables.ITEMS, e);
    }
    if (changed == 0) {
      return 0;
    }
    List<DataFile> old = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = items.newScan().useSnapshot(base.snapshotId())
        .planFiles()) {
      tasks.forEach(t -> old.add(t.file()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan " + LakeTables.ITEMS, e);
    }
    try (TableAppender out = lakehouse.appender(items)) {
      for (Record r : rows) {
        GenericRecord g = out.newRecord();
        for (Types.NestedField f : items.schema().columns()) {
          g.setField(f.name(), r.getField(f.name()));
        }
        out.add(g);
      }
      out.commitReplacing(old, base.snapshotId());
    } catch (CommitFailedException e) {
      items.refresh();
      if ("true".equals(items.properties().get(DONE_PROPERTY))) {
        return 0; // another process migrated first
      }
      throw new LakehouseException(ErrorCode.COMMIT_CONFLICT, e, "lake.items changed while its "
          + "licenses were migrated to ids; open the lakehouse again (e.g. mmlake init) to retry "
          + "the migration");
    }
    return changed;
  }

  /** Sets the id and terms of one row; true when the row changed. */
  static boolean migrate(Record r, Licenses licenses) {
    String text = (String) r.getField("license");
    String terms = (String) r.getField("license_terms");
    String id = licenses.idForText(text);
    if ("coco".equals(r.getField("source"))) {
      String url = Json.textAt((String) r.getField("metadata"), "image_license_url");
      String own = licenses.idForUrl(url);
      if (own != null) {
        id = own;
      }
    }
    if (id == null) {
      id = text == null ? null : UNKNOWN;
    }
    if (Objects.equals(id, text)) {
      return false;
    }
    r.setField("license", id);
    if (terms == null && text != null && !text.equalsIgnoreCase(id)) {
      r.setField("license_terms", text);
    }
    return true;
  }
}
