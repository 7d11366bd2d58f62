package dev.mmlake.engine.shards;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The quality verdict and dedup clusters of the items of a shard set, for their {@code .json}
 * members, read from {@code lake.quality} and {@code lake.dedup} at their current snapshots when
 * those tables exist (columns a table lacks are left out):
 * <ul>
 *   <li>{@code quality}: {@code {status, reason, score}} of the item's latest row by
 *       {@code scored_at};</li>
 *   <li>{@code dedup}: {@code [{method, cluster_id, kept}, ...]}, one entry per dedup row of the
 *       item, sorted by method and cluster.</li>
 * </ul>
 */
final class ItemLookups {
  private final Map<String, Map<String, Object>> quality;
  private final Map<String, List<Map<String, Object>>> dedup;

  private ItemLookups(Map<String, Map<String, Object>> quality,
      Map<String, List<Map<String, Object>>> dedup) {
    this.quality = quality;
    this.dedup = dedup;
  }

  static ItemLookups load(Lakehouse lakehouse, Set<String> ids) {
    Map<String, Map<String, Object>> quality = new HashMap<>();
    Map<String, OffsetDateTime> scoredAt = new HashMap<>();
    for (Record r : rows(lakehouse, LakeTables.QUALITY, ids, "status", "reason", "score",
        "scored_at")) {
      String id = (String) r.getField("item_id");
      OffsetDateTime at = field(r, "scored_at") instanceof OffsetDateTime t ? t : null;
      Map<String, Object> q = values(r, "status", "reason", "score");
      OffsetDateTime seen = scoredAt.get(id);
      boolean newer = !quality.containsKey(id) || compare(at, seen) > 0
          || (compare(at, seen) == 0 && String.valueOf(q).compareTo(
              String.valueOf(quality.get(id))) > 0);
      if (newer) {
        quality.put(id, q);
        scoredAt.put(id, at);
      }
    }
    Map<String, List<Map<String, Object>>> dedup = new HashMap<>();
    for (Record r : rows(lakehouse, LakeTables.DEDUP, ids, "method", "cluster_id", "kept")) {
      dedup.computeIfAbsent((String) r.getField("item_id"), k -> new ArrayList<>())
          .add(values(r, "method", "cluster_id", "kept"));
    }
    Comparator<Map<String, Object>> order = Comparator
        .comparing((Map<String, Object> m) -> String.valueOf(m.get("method")))
        .thenComparing(m -> String.valueOf(m.get("cluster_id")))
        .thenComparing(m -> String.valueOf(m.get("kept")));
    dedup.values().forEach(l -> l.sort(order));
    return new ItemLookups(quality, dedup);
  }

  /** {@code {status, reason, score}} of the item, or null. */
  Map<String, Object> quality(String itemId) {
    return quality.get(itemId);
  }

  /** The item's dedup rows, or null. */
  List<Map<String, Object>> dedup(String itemId) {
    return dedup.get(itemId);
  }

  private static int compare(OffsetDateTime a, OffsetDateTime b) {
    return Objects.compare(a, b, Comparator.nullsFirst(Comparator.naturalOrder()));
  }

  private static Object field(Record r, String name) {
    return r.struct().field(name) == null ? null : r.getField(name);
  }

  private static Map<String, Object> values(Record r, String... names) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String n : names) {
      if (r.struct().field(n) != null) {
        out.put(n, r.getField(n));
      }
    }
    return out;
  }

  /** Rows of table {@code id} for {@code ids}: item_id and those of {@code columns} it has. */
  private static List<Record> rows(Lakehouse lakehouse, TableIdentifier id, Set<String> ids,
      String... columns) {
    List<Record> out = new ArrayList<>();
    if (ids.isEmpty() || !lakehouse.catalog().tableExists(id)) {
      return out;
    }
    Table table = lakehouse.table(id);
    Schema schema = table.schema();
    if (table.currentSnapshot() == null || schema.findField("item_id") == null) {
      return out;
    }
    List<String> select = new ArrayList<>();
    select.add("item_id");
    for (String c : columns) {
      if (schema.findField(c) != null) {
        select.add(c);
      }
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).select(select).build()) {
      for (Record r : rows) {
        if (ids.contains((String) r.getField("item_id"))) {
          out.add(r.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + id, e);
    }
    return out;
  }
}
