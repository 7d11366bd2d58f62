package dev.mmlake.engine.obs;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.dedup.MetricsWriter;
import dev.mmlake.metric.Metric;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.data.GenericRecord;

/**
 * Buffers the rows the observability layer writes after a run ended (its lineage events and
 * run-level metrics) and commits them together, at most a second apart, one snapshot per table,
 * like the run log: a statement never waits for them, and their commit comes after the run's own
 * commit (a side write that cannot undo the run). Rows whose commit fails (a locked catalog, a
 * full disk) are spilled to files under the lakehouse home ({@code <home>/spill/obs.metrics},
 * {@code <home>/spill/obs.lineage_events}) and committed by the next flush that succeeds, in this
 * process or the next one ({@link ObsTableBuffer}): none is lost and none is written twice.
 */
final class ObsWriter implements AutoCloseable {
  /** One {@code obs.lineage_events} row. */
  record EventRow(String runId, String type, Instant time, String jobNamespace, String jobName,
      String parentRunId, String json) {
  }

  /** One {@code obs.metrics} row. */
  record MetricRow(String runId, Instant time, Metric metric) {
  }

  private final ObsTableBuffer<EventRow> events;
  private final ObsTableBuffer<MetricRow> metrics;
  private final ScheduledExecutorService flusher;

  ObsWriter(Lakehouse lakehouse) {
    this.events = new ObsTableBuffer<>(lakehouse, LakeTables.LINEAGE_EVENTS, new EventCodec(),
        (a, r) -> {
          GenericRecord g = a.newRecord();
          g.setField("run_id", r.runId());
          g.setField("event_type", r.type());
          g.setField("event_time", r.time().atOffset(ZoneOffset.UTC));
          g.setField("job_namespace", r.jobNamespace());
          g.setField("job_name", r.jobName());
          g.setField("parent_run_id", r.parentRunId());
          g.setField("event", r.json());
          return g;
        }, List.of("run_id", "event_type", "event"));
    this.metrics = new ObsTableBuffer<>(lakehouse, LakeTables.METRICS, new MetricCodec(),
        (a, r) -> MetricsWriter.record(a, r.runId(), r.time(), r.metric()),
        List.of("run_id", "stage", "metric", "labels", "value"));
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mmlake-obs-writer");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
  }

  void event(EventRow row) {
    events.add(List.of(row));
  }

  void metrics(String runId, Instant time, List<Metric> rows) {
    metrics.add(rows.stream().map(m -> new MetricRow(runId, time, m)).toList());
  }

  /** Commits every buffered row, and any spilled earlier, now. */
  void flush() {
    events.flush();
    metrics.flush();
  }

  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }

  /** JSON form of a spilled {@link EventRow}. */
  private static final class EventCodec implements SpillFiles.Codec<EventRow> {
    @Override
    public Map<String, Object> toMap(EventRow r) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("run_id", r.runId());
      m.put("event_type", r.type());
      m.put("event_time", r.time().toString());
      m.put("job_namespace", r.jobNamespace());
      m.put("job_name", r.jobName());
      m.put("parent_run_id", r.parentRunId());
      m.put("event", r.json());
      return m;
    }

    @Override
    public EventRow fromMap(Map<String, Object> m) {
      return new EventRow((String) m.get("run_id"), (String) m.get("event_type"),
          Instant.parse((String) m.get("event_time")), (String) m.get("job_namespace"),
          (String) m.get("job_name"), (String) m.get("parent_run_id"), (String) m.get("event"));
    }
  }

  /** JSON form of a spilled {@link MetricRow}. */
  private static final class MetricCodec implements SpillFiles.Codec<MetricRow> {
    @Override
    public Map<String, Object> toMap(MetricRow r) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("run_id", r.runId());
      m.put("recorded_at", r.time().toString());
      m.put("stage", r.metric().stage());
      m.put("metric", r.metric().metric());
      // text, so that NaN and infinities survive JSON
      m.put("value", Double.toString(r.metric().value()));
      m.put("unit", r.metric().unit());
      m.put("labels", r.metric().labelsJson());
      return m;
    }

    @Override
    public MetricRow fromMap(Map<String, Object> m) {
      Object value = m.get("value");
      return new MetricRow((String) m.get("run_id"), Instant.parse((String) m.get("recorded_at")),
          new Metric((String) m.get("stage"), (String) m.get("metric"),
              value instanceof Number n ? n.doubleValue() : Double.parseDouble((String) value),
              (String) m.get("unit"), (String) m.get("labels")));
    }
  }
}
