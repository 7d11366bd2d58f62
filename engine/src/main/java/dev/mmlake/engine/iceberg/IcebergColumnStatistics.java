package dev.mmlake.engine.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.BlobMetadata;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Column statistics of one table snapshot for the planner: per column the number of distinct
 * values where a Puffin statistics file of the snapshot has an {@code ndv} (written by ANALYZE in
 * Trino or Spark's {@code compute_table_stats}), and the number of NULLs summed from the manifests
 * when every data file records it. Estimates only: deleted rows are not subtracted.
 */
final class IcebergColumnStatistics {
  /** The Puffin blob type whose {@code ndv} property Iceberg engines write. */
  static final String THETA_SKETCH = "apache-datasketches-theta-v1";

  private final Table table;
  private final Snapshot snapshot;
  private final Map<Integer, Long> distinct;
  private Map<Integer, Long> nulls;

  /**
   * Statistics of {@code table} at {@code snapshotId} (null: current). Distinct counts come from
   * table metadata; NULL counts read the manifests, once, when first asked for.
   */
  IcebergColumnStatistics(Table table, Long snapshotId) {
    this.table = table;
    this.snapshot = snapshotId == null ? table.currentSnapshot() : table.snapshot(snapshotId);
    this.distinct = snapshot == null ? Map.of() : distinctCounts(table, snapshot.snapshotId());
  }

  private static Map<Integer, Long> distinctCounts(Table table, long snapshotId) {
    Map<Integer, Long> out = new HashMap<>();
    for (StatisticsFile file : table.statisticsFiles()) {
      if (file.snapshotId() != snapshotId) {
        continue;
      }
      for (BlobMetadata blob : file.blobMetadata()) {
        String ndv = blob.properties().get("ndv");
        if (THETA_SKETCH.equals(blob.type()) && blob.fields().size() == 1 && ndv != null) {
          try {
            out.put(blob.fields().get(0), Long.parseLong(ndv));
          } catch (NumberFormatException e) {
            // a malformed estimate is no estimate
          }
        }
      }
    }
    return out;
  }

  /** NULLs per column, for the columns every data file of the snapshot records them for. */
  private static Map<Integer, Long> nullCounts(Table table, long snapshotId) {
    Map<Integer, Long> sums = null;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId)
        .includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        Map<Integer, Long> counts = task.file().nullValueCounts() == null ? Map.of()
            : task.file().nullValueCounts();
        if (sums == null) {
          sums = new HashMap<>(counts);
        } else {
          sums.keySet().retainAll(counts.keySet());
          sums.replaceAll((id, n) -> n + counts.get(id));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sums == null ? Map.of() : sums;
  }

  /** Distinct non-NULL values of the column, or null when unknown. */
  Long distinctValues(int fieldId) {
    return distinct.get(fieldId);
  }

  /** NULLs in the column, or null when a data file does not record it. */
  synchronized Long nulls(int fieldId) {
    if (nulls == null) {
      nulls = snapshot == null ? Map.of() : nullCounts(table, snapshot.snapshotId());
    }
    return nulls.get(fieldId);
  }
}
