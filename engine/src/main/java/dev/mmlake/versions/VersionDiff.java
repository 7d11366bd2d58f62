package dev.mmlake.versions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The items added and removed between two versions, and for each removed item why, when the
 * lakehouse knows: a takedown ({@code lake.takedowns}), the newer version's license policy (or its nearest
 * ancestor's), a
 * quality failure ({@code lake.quality}: item_id, status, reason) or a near-duplicate
 * ({@code lake.dedup}: item_id, kept, nearest_id, cluster_id, similarity), else that the item is
 * gone from {@code lake.items}. Reasons are checked in that order; the first that applies is
 * reported.
 */
public final class VersionDiff {
  /** Added items have no reason; removed items one of the kinds below. */
  public static final String ADDED = "added";
  public static final String REMOVED = "removed";

  /**
   * One item that differs. {@code reasonKind}: takedown, license, quality, duplicate,
   * source_removed (no longer in lake.items) or other.
   */
  public record Change(String itemId, String change, String reasonKind, String reason,
      String source) {
  }

  private final Lakehouse lakehouse;

  public VersionDiff(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /** Items of {@code to} not in {@code from} (added) and of {@code from} not in {@code to}. */
  public List<Change> compute(VersionName from, VersionName to) {
    Map<String, Record> before = items(from);
    Map<String, Record> after = items(to);
    List<Change> out = new ArrayList<>();
    after.forEach((id, r) -> {
      if (!before.containsKey(id)) {
        out.add(new Change(id, ADDED, null, null, text(r, "source")));
      }
    });
    Map<String, Record> removed = new TreeMap<>();
    before.forEach((id, r) -> {
      if (!after.containsKey(id)) {
        removed.put(id, r);
      }
    });
    if (removed.isEmpty()) {
      return out;
    }
    Reasons reasons = new Reasons(to);
    List<Change> explained = new ArrayList<>();
    removed.forEach((id, r) -> explained.add(reasons.explain(id, r)));
    Set<String> gone = goneFromItems(explained);
    for (Change c : explained) {
      out.add(c.reasonKind().equals("other") && gone.contains(c.itemId())
          ? new Change(c.itemId(), REMOVED, "source_removed",
              "no longer in lake.items (deleted from its source)", c.source())
          : c);
    }
    return out;
  }

  /** Counts per (change, reason kind), e.g. {@code removed/duplicate -> 12}. */
  public static Map<String, Long> summary(List<Change> changes) {
    Map<String, Long> out = new TreeMap<>();
    for (Change c : changes) {
      String key = c.change() + (c.reasonKind() == null ? "" : "/" + c.reasonKind());
      out.merge(key, 1L, Long::sum);
    }
    return out;
  }

  private Map<String, Record> items(VersionName v) {
    if (!lakehouse.catalog().tableExists(v.table())) {
      throw new RecipeException(ErrorCode.NOT_FOUND,
          "Dataset table %s does not exist, so there is no version %s", v.table(), v);
    }
    Table t = lakehouse.catalog().loadTable(v.table());
    SnapshotRef ref = t.refs().get(v.version());
    if (ref == null) {
      throw new RecipeException(ErrorCode.NOT_FOUND,
          "Version %s does not exist: %s has no tag %s (list versions with "
          + "`mmlake dataset list`)", v, v.table(), v.version());
    }
    Schema schema = t.schemas().get(t.snapshot(ref.snapshotId()).schemaId());
    List<String> columns = new ArrayList<>();
    for (String c : List.of(ItemStats.ID, "source", "license")) {
      if (schema != null && schema.findField(c) != null) {
        columns.add(c);
      }
    }
    Map<String, Record> out = new LinkedHashMap<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).useSnapshot(ref.snapshotId())
        .select(columns).build()) {
      for (Record r : rows) {
        out.put(String.valueOf(r.getField(ItemStats.ID)), r.copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static String text(Record r, String column) {
    if (r.struct().field(column) == null) {
      return null;
    }
    Object v = r.getField(column);
    return v == null ? null : v.toString();
  }

  /** The reason sources of one diff, loaded once. */
  private final class Reasons {
    private final Map<String, String> takedownByItem = new HashMap<>();
    private final Map<String, String> takedownBySource = new HashMap<>();
    private final LicensePolicy policy;
    private final Map<String, String> qualityFail = new HashMap<>();
    private final Map<String, String> duplicateOf = new HashMap<>();

    Reasons(VersionName to) {
      scan(LakeTables.TAKEDOWNS, r -> {
        if (!to.dataset().equals(text(r, "dataset"))) {
          return;
        }
        String why = "takedown" + (text(r, "reason") == null ? "" : ": " + text(r, "reason"));
        if (text(r, "item_id") != null) {
          takedownByItem.put(text(r, "item_id"), why);
        } else if (text(r, "source") != null) {
          takedownBySource.put(text(r, "source"), why + " (source " + text(r, "source") + ")");
        }
      });
      this.policy = policyOf(to);
      scan(ManifestFacts.QUALITY, r -> {
        String status = text(r, "status");
        String id = text(r, "item_id");
        if (id != null && status != null && !Set.of("pass", "ok", "keep")
            .contains(status.toLowerCase(Locale.ROOT))) {
          String reason = text(r, "reason");
          qualityFail.put(id, "quality " + status + (reason == null ? "" : ": " + reason));
        }
      });
      scan(ManifestFacts.DEDUP, r -> {
        String id = text(r, "item_id");
        if (id == null || !Boolean.FALSE.equals(r.struct().field("kept") == null ? null
            : r.getField("kept"))) {
          return;
        }
        String nearest = text(r, "nearest_id");
        String cluster = text(r, "cluster_id");
        String sim = text(r, "similarity");
        duplicateOf.put(id, (nearest != null ? "duplicate of " + nearest
            : "duplicate in cluster " + cluster) + (sim == null ? "" : " (similarity " + sim + ")"));
      });
    }

    Change explain(String id, Record r) {
      String source = text(r, "source");
      if (takedownByItem.containsKey(id)) {
        return new Change(id, REMOVED, "takedown", takedownByItem.get(id), source);
      }
      if (source != null && takedownBySource.containsKey(source)) {
        return new Change(id, REMOVED, "takedown", takedownBySource.get(source), source);
      }
      String license = text(r, "license");
      if (policy != null && r.struct().field("license") != null && !policy.allows(license)) {
        return new Change(id, REMOVED, "license", "license " + policy.describe(license)
            + " not allowed by license_policy " + policy.spec(), source);
      }
      if (qualityFail.containsKey(id)) {
        return new Change(id, REMOVED, "quality", qualityFail.get(id), source);
      }
      if (duplicateOf.containsKey(id)) {
        return new Change(id, REMOVED, "duplicate", duplicateOf.get(id), source);
      }
      return new Change(id, REMOVED, "other", "not selected by the recipe", source);
    }
  }

  /**
   * The license policy that explains removals up to {@code to}: its own, else that of the nearest
   * ancestor that has one (a takedown child of a permissive version is still permissive).
   */
  /** The ids among unexplained removals that lake.items no longer holds. */
  private Set<String> goneFromItems(List<Change> changes) {
    Set<String> unexplained = new HashSet<>();
    changes.stream().filter(c -> c.reasonKind().equals("other")).forEach(c ->
        unexplained.add(c.itemId()));
    if (unexplained.isEmpty() || !lakehouse.catalog().tableExists(LakeTables.ITEMS)) {
      return Set.of();
    }
    Table items = lakehouse.catalog().loadTable(LakeTables.ITEMS);
    Set<String> gone = new HashSet<>(unexplained);
    if (items.currentSnapshot() == null) {
      return gone;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(items).select(ItemStats.ID)
        .where(Expressions.in(ItemStats.ID, unexplained.toArray())).build()) {
      rows.forEach(r -> gone.remove(String.valueOf(r.getField(ItemStats.ID))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return gone;
  }

  private LicensePolicy policyOf(VersionName to) {
    VersionStore store = new VersionStore(lakehouse);
    VersionName v = to;
    for (int depth = 0; v != null && depth < 1000; depth++) {
      var rec = store.find(v);
      if (rec.isEmpty()) {
        return null;
      }
      JsonNode lp = Manifest.parse(rec.get().manifest()).path("license_policy");
      if (lp.isObject()) {
        return LicensePolicy.parse(lp.path("spec").asText(null), LicenseBook.of(lakehouse));
      }
      v = rec.get().parent();
    }
    return null;
  }

  private void scan(TableIdentifier id, Consumer<Record> each) {
    if (!lakehouse.catalog().tableExists(id)) {
      return;
    }
    Table t = lakehouse.catalog().loadTable(id);
    if (t.currentSnapshot() == null) {
      return;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
      rows.forEach(each);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
