package dev.mmlake.versions;

import dev.mmlake.cas.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;

/**
 * What the manifest says about a version's rows, gathered in one pass: row count, the items
 * digest, counts by source, modality and license (when those columns exist), total bytes, and the
 * rows that break the recipe's license policy.
 *
 * <p>{@code items_digest} is the sha256 hex of the item ids sorted in Java {@code String} order,
 * each followed by a newline: it depends only on which items a version holds.
 */
final class ItemStats {
  static final String ID = "id";

  private final boolean hasSource;
  private final boolean hasModality;
  private final boolean hasLicense;
  private final boolean hasSize;
  private final LicensePolicy policy;
  private final List<String> ids = new ArrayList<>();
  private final Map<String, Long> bySource = new TreeMap<>();
  private final Map<String, Long> byModality = new TreeMap<>();
  private final Map<String, Long> byLicense = new TreeMap<>();
  private final Map<String, Long> violations = new TreeMap<>();
  private long rows;
  private long bytes;
  private String digest;

  ItemStats(Schema schema, LicensePolicy policy) {
    if (schema.findField(ID) == null) {
      throw new RecipeException("The recipe's final SELECT has no 'id' column; a version is a set "
          + "of items, so select the item id as id (columns: %s)", columnNames(schema));
    }
    this.hasSource = schema.findField("source") != null;
    this.hasModality = schema.findField("modality") != null;
    this.hasLicense = schema.findField("license") != null;
    this.hasSize = schema.findField("size_bytes") != null;
    this.policy = policy;
    if (policy != null && !hasLicense) {
      throw new RecipeException("The recipe declares license_policy '%s' but its final SELECT has "
          + "no 'license' column to check it against", policy.spec());
    }
  }

  private static List<String> columnNames(Schema schema) {
    return schema.columns().stream().map(f -> f.name()).toList();
  }

  void add(Record r) {
    Object id = r.getField(ID);
    if (id == null) {
      throw new RecipeException("The recipe's final SELECT returned a row with a null id; every "
          + "item of a version needs an id");
    }
    ids.add(id.toString());
    rows++;
    if (hasSource) {
      count(bySource, r.getField("source"));
    }
    if (hasModality) {
      count(byModality, r.getField("modality"));
    }
    if (hasLicense) {
      Object lic = r.getField("license");
      count(byLicense, lic);
      if (policy != null && !policy.allows(lic == null ? null : lic.toString())) {
        count(violations, policy.describe(lic == null ? null : lic.toString()));
      }
    }
    if (hasSize && r.getField("size_bytes") instanceof Number n) {
      bytes += n.longValue();
    }
  }

  private static void count(Map<String, Long> m, Object key) {
    m.merge(key == null ? "(null)" : key.toString(), 1L, Long::sum);
  }

  /** Sorts the ids, checks they are unique and computes the digest. */
  void finish() {
    ids.sort(null);
    MessageDigest md = Sha256.newDigest();
    for (int i = 0; i < ids.size(); i++) {
      if (i > 0 && ids.get(i).equals(ids.get(i - 1))) {
        throw new RecipeException("The recipe's final SELECT returns item id '%s' more than once; "
            + "a version holds each item once (a JOIN that fans out? use EXISTS or DISTINCT)",
            ids.get(i));
      }
      md.update(ids.get(i).getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
    }
    digest = Sha256.hex(md);
    if (!violations.isEmpty()) {
      throw new RecipeException("The recipe's rows break its license_policy '%s': %s (license -> "
          + "rows); filter them out in the final SELECT, e.g. WHERE license IN (SELECT "
          + "license_id FROM lake.licenses WHERE class IN ('permissive', 'attribution'))",
          policy.spec(), violations);
    }
  }

  /** The item ids, sorted once {@link #finish()} ran. */
  List<String> ids() {
    return ids;
  }

  long rows() {
    return rows;
  }

  long bytes() {
    return bytes;
  }

  String digest() {
    return digest;
  }

  Map<String, Long> bySource() {
    return hasSource ? bySource : Map.of();
  }

  Map<String, Long> byModality() {
    return hasModality ? byModality : Map.of();
  }

  Map<String, Long> byLicense() {
    return hasLicense ? byLicense : Map.of();
  }
}
