package dev.mmlake.dedup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.PendingWrites;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.metric.Metric;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;

/**
 * Writes {@link Metric}s to {@code obs.metrics}: inside a statement through its pending writes
 * ({@link #stage}), so they are committed after the statement's own table and not at all if it
 * fails; outside one as a snapshot of their own ({@link #append}).
 */
public final class MetricsWriter {
  /** Labels that also get a column of their own in {@code obs.metrics}. */
  public static final List<String> LABEL_COLUMNS = List.of("source", "modality", "model");
  private static final ObjectMapper JSON = new ObjectMapper();

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

  /**
   * The {@code obs.metrics} row of {@code m}. Columns added by later versions ({@code ts},
   * {@code unit}, the label columns) are set when the table has them.
   */
  public static GenericRecord record(TableAppender appender, String runId, Instant recordedAt,
      Metric m) {
    GenericRecord r = appender.newRecord();
    Schema schema = appender.table().schema();
    r.setField("run_id", runId);
    r.setField("recorded_at", recordedAt.atOffset(ZoneOffset.UTC));
    r.setField("stage", m.stage());
    r.setField("metric", m.metric());
    r.setField("value", m.value());
    r.setField("labels", m.labelsJson());
    if (schema.findField("ts") != null) {
      r.setField("ts", recordedAt.atOffset(ZoneOffset.UTC));
    }
    if (schema.findField("unit") != null) {
      r.setField("unit", m.unit());
    }
    JsonNode labels = labels(m.labelsJson());
    for (String column : LABEL_COLUMNS) {
      JsonNode v = labels.get(column);
      if (v != null && !v.isNull() && schema.findField(column) != null) {
        r.setField(column, v.asText());
      }
    }
    return r;
  }

  private static JsonNode labels(String json) {
    if (json == null || json.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode n = JSON.readTree(json);
      return n != null && n.isObject() ? n : JSON.createObjectNode();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Metric labels are not a JSON object: " + json, e);
    }
  }
}
