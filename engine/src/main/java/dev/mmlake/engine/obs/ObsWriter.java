package dev.mmlake.engine.obs;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.dedup.Metric;
import dev.mmlake.dedup.MetricsWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers the rows the observability layer writes after a run ended (its lineage events and
 * run-level metrics) and commits them together, at most a second apart, one snapshot per table,
 * like the run log: a statement never waits for them, and their commit comes after the run's own
 * commit (a side write that cannot undo the run). A failed commit keeps the rows for the next
 * flush, up to {@value #MAX_PENDING} rows; past that the oldest are dropped with a warning.
 */
final class ObsWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObsWriter.class);
  static final int MAX_PENDING = 100_000;

  /** One {@code obs.lineage_events} row. */
  record EventRow(String runId, String type, Instant time, String jobNamespace, String jobName,
      String parentRunId, String json) {
  }

  /** One {@code obs.metrics} row. */
  record MetricRow(String runId, Instant time, Metric metric) {
  }

  private final Lakehouse lakehouse;
  private final List<EventRow> events = new ArrayList<>();
  private final List<MetricRow> metrics = new ArrayList<>();
  private final ScheduledExecutorService flusher;

  ObsWriter(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mmlake-obs-writer");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
  }

  void event(EventRow row) {
    synchronized (events) {
      events.add(row);
      trim(events, "lineage event");
    }
  }

  void metrics(String runId, Instant time, List<Metric> rows) {
    synchronized (metrics) {
      rows.forEach(m -> metrics.add(new MetricRow(runId, time, m)));
      trim(metrics, "metric");
    }
  }

  private static void trim(List<?> rows, String what) {
    if (rows.size() > MAX_PENDING) {
      int drop = rows.size() - MAX_PENDING;
      rows.subList(0, drop).clear();
      LOG.warn("{} {} row(s) dropped: obs tables could not be committed for a while", drop, what);
    }
  }

  /** Commits every buffered row now. */
  synchronized void flush() {
    List<EventRow> e = take(events);
    List<MetricRow> m = take(metrics);
    if (!e.isEmpty()) {
      commit(LakeTables.LINEAGE_EVENTS, e, events, (a, r) -> {
        GenericRecord g = a.newRecord();
        g.setField("run_id", r.runId());
        g.setField("event_type", r.type());
        g.setField("event_time", r.time().atOffset(ZoneOffset.UTC));
        g.setField("job_namespace", r.jobNamespace());
        g.setField("job_name", r.jobName());
        g.setField("parent_run_id", r.parentRunId());
        g.setField("event", r.json());
        return g;
      });
    }
    if (!m.isEmpty()) {
      commit(LakeTables.METRICS, m, metrics,
          (a, r) -> MetricsWriter.record(a, r.runId(), r.time(), r.metric()));
    }
  }

  private interface RowWriter<T> {
    GenericRecord write(TableAppender a, T row);
  }

  private <T> void commit(TableIdentifier table, List<T> rows, List<T> buffer,
      RowWriter<T> writer) {
    try {
      if (!lakehouse.catalog().tableExists(table)) {
        LOG.debug("{} does not exist (run `mmlake init`): {} row(s) not recorded", table,
            rows.size());
        return;
      }
      try (TableAppender a = lakehouse.appender(lakehouse.table(table))) {
        rows.forEach(r -> a.add(writer.write(a, r)));
        a.commit();
      }
    } catch (RuntimeException ex) {
      LOG.warn("Could not commit {} row(s) to {} ({}); retrying at the next flush", rows.size(),
          table, ex.getMessage());
      synchronized (buffer) {
        buffer.addAll(0, rows);
      }
    }
  }

  private static <T> List<T> take(List<T> buffer) {
    synchronized (buffer) {
      List<T> copy = new ArrayList<>(buffer);
      buffer.clear();
      return copy;
    }
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
}
