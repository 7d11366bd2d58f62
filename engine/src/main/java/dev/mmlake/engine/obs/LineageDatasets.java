package dev.mmlake.engine.obs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.catalog.Lakehouse;
import java.util.Collection;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * The OpenLineage datasets of a run: Iceberg tables at a snapshot, with the standard schema and
 * dataset-version facets (the version is the snapshot id), a {@code mmlake_snapshot} facet with
 * the row count, and for outputs the output-statistics facet (rows and bytes the run added).
 */
final class LineageDatasets {
  static final String SCHEMA_FACET =
      "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
  static final String VERSION_FACET = "https://openlineage.io/spec/facets/1-0-1/"
      + "DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet";
  static final String OUTPUT_STATS_FACET = "https://openlineage.io/spec/facets/1-0-2/"
      + "OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet";

  private final Lakehouse lakehouse;
  private final RunEvents events;

  LineageDatasets(Lakehouse lakehouse, RunEvents events) {
    this.lakehouse = lakehouse;
    this.events = events;
  }

  /** One input dataset per table read, at the snapshot read ({@code -1}: an empty table). */
  ArrayNode inputs(Map<TableIdentifier, Long> reads) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    reads.forEach((id, snapshot) -> out.add(dataset(id, snapshot, false, null)));
    return out;
  }

  /**
   * One output dataset per table written, at the newest of {@code snapshots} that belongs to it.
   */
  ArrayNode outputs(Collection<TableIdentifier> tables, Collection<Long> snapshots) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (TableIdentifier id : tables) {
      out.add(dataset(id, -1, true, snapshots));
    }
    return out;
  }

  private ObjectNode dataset(TableIdentifier id, long snapshotId, boolean output,
      Collection<Long> runSnapshots) {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put("namespace", events.namespace());
    d.put("name", id.toString());
    Table table = load(id);
    if (table == null) {
      return d; // dropped since (a recipe's staging table): name only
    }
    Snapshot snap = output ? newest(table, runSnapshots) : table.snapshot(snapshotId);
    ObjectNode facets = d.putObject("facets");
    Schema schema = snap == null || snap.schemaId() == null ? table.schema()
        : table.schemas().getOrDefault(snap.schemaId(), table.schema());
    ObjectNode schemaFacet = events.facet(facets, "schema", SCHEMA_FACET);
    ArrayNode fields = schemaFacet.putArray("fields");
    for (Types.NestedField f : schema.columns()) {
      ObjectNode field = fields.addObject();
      field.put("name", f.name());
      field.put("type", f.type().toString());
      if (f.doc() != null) {
        field.put("description", f.doc());
      }
    }
    if (snap == null) {
      return d;
    }
    events.facet(facets, "version", VERSION_FACET)
        .put("datasetVersion", String.valueOf(snap.snapshotId()));
    ObjectNode mm = events.facet(facets, "mmlake_snapshot", RunEvents.MMLAKE_FACET);
    mm.put("snapshotId", snap.snapshotId());
    mm.put("operation", snap.operation());
    Long total = summaryLong(snap, "total-records");
    if (total != null) {
      mm.put("rowCount", total);
    }
    if (output) {
      ObjectNode stats = events.facet(d.putObject("outputFacets"), "outputStatistics",
          OUTPUT_STATS_FACET);
      Long added = summaryLong(snap, "added-records");
      stats.put("rowCount", added == null ? 0 : added);
      Long size = summaryLong(snap, "added-files-size");
      stats.put("size", size == null ? 0 : size);
    }
    return d;
  }

  /** Bytes of data files that {@code snapshots} added, over every table in {@code tables}. */
  long addedBytes(Collection<TableIdentifier> tables, Collection<Long> snapshots) {
    long bytes = 0;
    for (TableIdentifier id : tables) {
      Table t = load(id);
      if (t == null) {
        continue;
      }
      for (Long s : snapshots) {
        Snapshot snap = t.snapshot(s);
        Long size = snap == null ? null : summaryLong(snap, "added-files-size");
        bytes += size == null ? 0 : size;
      }
    }
    return bytes;
  }

  private Table load(TableIdentifier id) {
    try {
      return lakehouse.catalog().tableExists(id) ? lakehouse.catalog().loadTable(id) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Snapshot newest(Table table, Collection<Long> runSnapshots) {
    Snapshot best = null;
    for (Long s : runSnapshots) {
      Snapshot snap = table.snapshot(s);
      if (snap != null && (best == null || snap.sequenceNumber() > best.sequenceNumber())) {
        best = snap;
      }
    }
    return best;
  }

  static Long summaryLong(Snapshot snap, String key) {
    String v = snap.summary() == null ? null : snap.summary().get(key);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
