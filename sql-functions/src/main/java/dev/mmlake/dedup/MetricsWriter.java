package dev.mmlake.dedup;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.data.GenericRecord;

/** Appends {@link Metric}s to {@code obs.metrics} as one snapshot. */
public final class MetricsWriter {
  private MetricsWriter() {
  }

  /**
   * Writes {@code metrics} with {@code runId} and {@code recordedAt}; returns the new snapshot
   * id, or -1 when {@code metrics} is empty.
   */
  public static long append(Lakehouse lakehouse, String runId, Instant recordedAt,
      List<Metric> metrics) {
    Objects.requireNonNull(lakehouse, "lakehouse is null");
    Objects.requireNonNull(recordedAt, "recordedAt is null");
    try (TableAppender appender = lakehouse.appender(lakehouse.table(LakeTables.METRICS))) {
      for (Metric m : metrics) {
        GenericRecord r = appender.newRecord();
        r.setField("run_id", runId);
        r.setField("recorded_at", recordedAt.atOffset(ZoneOffset.UTC));
        r.setField("stage", m.stage());
        r.setField("metric", m.metric());
        r.setField("value", m.value());
        r.setField("labels", m.labelsJson());
        appender.add(r);
      }
      return appender.commit();
    }
  }
}
