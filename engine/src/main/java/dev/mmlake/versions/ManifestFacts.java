package dev.mmlake.versions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The parts of a manifest read from the lakehouse rather than from the version's rows: the input
 * tables' snapshots, the model versions behind the recipe's EMBED_* calls, and the quality and
 * dedup settings of the rows it filtered on.
 */
final class ManifestFacts {
  static final TableIdentifier QUALITY = TableIdentifier.of(LakeTables.LAKE, "quality");
  static final TableIdentifier DEDUP = TableIdentifier.of(LakeTables.LAKE, "dedup");

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final Lakehouse lakehouse;

  ManifestFacts(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /** {table or table@ref: snapshot id} for every table the recipe names, as of {@code states}. */
  ObjectNode inputs(RecipeReferences refs, TableStates states) {
    ObjectNode out = JSON.objectNode();
    for (RecipeReferences.Ref r : refs.tables()) {
      Long before = states.before(r.table());
      if (before == null) {
        continue; // created by the recipe itself
      }
      if (r.ref() == null) {
        out.put(r.toString(), before < 0 ? null : before);
      } else {
        Table t = lakehouse.catalog().loadTable(r.table());
        var named = t.refs().get(r.ref());
        out.put(r.toString(), named != null ? named.snapshotId()
            : r.ref().matches("-?\\d+") ? Long.parseLong(r.ref()) : null);
      }
    }
    return out;
  }

  /**
   * Model functions called and the (model, model_version) pairs cached in lake.embeddings, when
   * the recipe calls an EMBED_* function or reads lake.embeddings; empty otherwise.
   */
  ObjectNode models(RecipeReferences refs) {
    ObjectNode out = JSON.objectNode();
    ArrayNode functions = out.putArray("functions");
    refs.functions().stream().filter(f -> f.startsWith("EMBED_")).forEach(functions::add);
    ArrayNode versions = out.putArray("versions");
    if (!refs.callsModel() && !refs.reads(LakeTables.EMBEDDINGS)) {
      return out;
    }
    Map<String, Long> counts = new TreeMap<>();
    scan(LakeTables.EMBEDDINGS, List.of("model", "model_version"),
        r -> counts.merge(r.getField("model") + "\u0000" + r.getField("model_version"), 1L,
            Long::sum));
    counts.forEach((k, n) -> {
      String[] mv = k.split("\u0000", 2);
      versions.addObject().put("model", mv[0]).put("model_version", mv[1]).put("vectors", n);
    });
    return out;
  }

  /** Settings of lake.quality / lake.dedup rows when the recipe reads those tables. */
  ObjectNode thresholds(RecipeReferences refs, Recipe recipe) {
    ObjectNode out = JSON.objectNode();
    if (refs.reads(QUALITY)) {
      out.set("quality", summarize(QUALITY, "status"));
    }
    if (refs.reads(DEDUP)) {
      out.set("dedup", summarize(DEDUP, "kept"));
    }
    ObjectNode declared = JSON.objectNode();
    recipe.header().forEach((k, v) -> {
      if (k.contains("threshold") || k.startsWith("min_") || k.startsWith("max_")) {
        declared.put(k, v);
      }
    });
    if (!declared.isEmpty()) {
      out.set("declared", declared);
    }
    return out;
  }

  /**
   * Snapshot, row counts by {@code countColumn} and the distinct settings (columns named like
   * threshold, method, rule..., ...version) of a quality or dedup table.
   */
  private ObjectNode summarize(TableIdentifier id, String countColumn) {
    ObjectNode out = JSON.objectNode();
    if (!lakehouse.catalog().tableExists(id)) {
      out.put("exists", false);
      return out;
    }
    Table t = lakehouse.catalog().loadTable(id);
    Snapshot s = t.currentSnapshot();
    out.put("snapshot_id", s == null ? null : s.snapshotId());
    List<String> settings = new ArrayList<>();
    for (Types.NestedField f : t.schema().columns()) {
      String n = f.name().toLowerCase(Locale.ROOT);
      if (n.contains("threshold") || n.equals("method") || n.contains("rule")
          || n.endsWith("version")) {
        settings.add(f.name());
      }
    }
    boolean counted = t.schema().findField(countColumn) != null;
    List<String> columns = new ArrayList<>(settings);
    if (counted) {
      columns.add(countColumn);
    }
    Map<String, Long> counts = new TreeMap<>();
    Map<String, ObjectNode> distinct = new TreeMap<>();
    if (!columns.isEmpty()) {
      scan(id, columns, r -> {
        if (counted) {
          counts.merge(String.valueOf(r.getField(countColumn)), 1L, Long::sum);
        }
        if (!settings.isEmpty()) {
          ObjectNode combo = JSON.objectNode();
          settings.forEach(c -> put(combo, c, r.getField(c)));
          distinct.putIfAbsent(combo.toString(), combo);
        }
      });
    }
    ObjectNode byCount = out.putObject("rows_by_" + countColumn);
    counts.forEach(byCount::put);
    ArrayNode settingsNode = out.putArray("settings");
    distinct.values().forEach(settingsNode::add);
    return out;
  }

  /** Puts a plain value as the matching JSON type. */
  static void put(ObjectNode node, String key, Object v) {
    if (v == null) {
      node.putNull(key);
    } else if (v instanceof Long || v instanceof Integer) {
      node.put(key, ((Number) v).longValue());
    } else if (v instanceof Number n) {
      node.put(key, n.doubleValue());
    } else if (v instanceof Boolean b) {
      node.put(key, b);
    } else {
      node.put(key, v.toString());
    }
  }

  private void scan(TableIdentifier id, List<String> columns, Consumer<Record> each) {
    if (!lakehouse.catalog().tableExists(id)) {
      return;
    }
    Table t = lakehouse.catalog().loadTable(id);
    if (t.currentSnapshot() == null) {
      return;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).select(columns).build()) {
      rows.forEach(each);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
