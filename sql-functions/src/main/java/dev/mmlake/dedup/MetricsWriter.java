package dev.mmlake.dedup;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.PendingWrites;
import dev.mmlake.catalog.TableAppender;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.data.GenericRecord;

/**
 * Writes {@link Metric}s to {@code obs.metrics}: inside a statement through its pending writes
 * ({@link #stage}), so they are committed after the statement's own table and not at all if it
 * fails; outside one as a snapshot of their own ({@link #append}).
 */
public final class MetricsWriter {
  private MetricsWriter() {
  }

  /**
   * Adds {@code metrics} to the statement's pending append to {@code obs.metrics}; nothing is
   * visible until the statement commits. Returns the rows added.
   */
  public static int stage(PendingWrites writes, Lakehouse lakehouse, String runId,
      Instant recordedAt, List<Metric> metrics) {
    Objects.requireNonNull(writes, "writes is null");
    Objects.requireNonNull(lakehouse, "lakehouse is null");
    Objects.requireNonNull(recordedAt, "recordedAt is null");
    if (metrics.isEmpty()) {
      return 0;
    }
    TableAppender appender = writes.appender(LakeTables.METRICS,
        lakehouse.table(LakeTables.METRICS));
    for (Metric m : metrics) {
      appender.add(record(appender, runId, recordedAt, m));
    }
    return metrics.size();
  }

  /**
   * Writes {@code metrics} with {@code runId} and {@code recordedAt} as a snapshot of their own,
   * for work outside any statement; returns the new snapshot id, or -1 when {@code metrics} is
   * empty.
   */
  public static long append(Lakehouse lakehouse, String runId, Instant recordedAt,
      List<Metric> metrics) {
    Objects.requireNonNull(lakehouse, "lakehouse is null");
    Objects.requireNonNull(recordedAt, "recordedAt is null");
    try (TableAppender appender = lakehouse.appender(lakehouse.table(LakeTables.METRICS))) {
      for (Metric m : metrics) {
        appender.add(record(appender, runId, recordedAt, m));
      }
      return appender.commit();
    }
  }

  private static GenericRecord record(TableAppender appender, String runId, Instant recordedAt,
      Metric m) {
    GenericRecord r = appender.newRecord();
    r.setField("run_id", runId);
    r.setField("recorded_at", recordedAt.atOffset(ZoneOffset.UTC));
    r.setField("stage", m.stage());
    r.setField("metric", m.metric());
    r.setField("value", m.value());
    r.setField("labels", m.labelsJson());
    return r;
  }
}
