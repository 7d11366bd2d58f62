package dev.mmlake.engine;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.iceberg.data.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends {@link RunRecord}s to {@code obs.runs}, one per statement.
 *
 * <p>Records are buffered and committed together, at most a second apart, instead of one Iceberg
 * commit per statement: a statement does not wait for its own run row, and the table grows by a
 * snapshot per second rather than per query. A statement that reads the {@code obs} namespace
 * flushes first, so it always sees every earlier run; closing the engine flushes too. A process
 * that dies loses at most the last second of run rows, never data. Recording never fails the
 * statement it describes: an error is logged.
 */
final class RunLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);
  private static final int MAX_TEXT = 4000;

  private final Lakehouse lakehouse;
  private final List<RunRecord> pending = new ArrayList<>();
  private final ScheduledExecutorService flusher;

  RunLog(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mmlake-run-log");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
  }

  void record(RunRecord run) {
    synchronized (pending) {
      pending.add(run);
    }
  }

  /** Commits every buffered record now (one snapshot). */
  void flush() {
    List<RunRecord> batch;
    synchronized (pending) {
      if (pending.isEmpty()) {
        return;
      }
      batch = new ArrayList<>(pending);
      pending.clear();
    }
    synchronized (this) {
      write(batch);
    }
  }

  private void write(List<RunRecord> batch) {
    if (!lakehouse.catalog().tableExists(LakeTables.RUNS)) {
      return; // not initialised: `mmlake init` creates obs.runs
    }
    try (TableAppender a = lakehouse.appender(lakehouse.table(LakeTables.RUNS))) {
      for (RunRecord run : batch) {
        a.add(toRecord(a, run));
      }
      a.commit();
    } catch (RuntimeException e) {
      LOG.warn("Could not record {} run(s) in obs.runs: {}", batch.size(), e.getMessage());
    }
  }

  private static GenericRecord toRecord(TableAppender a, RunRecord run) {
    GenericRecord r = a.newRecord();
    r.setField("run_id", run.runId());
    r.setField("statement_digest", run.statementDigest());
    r.setField("statement_kind", run.kind().name());
    String text = run.text();
    r.setField("statement_text", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
    r.setField("user_name", run.user());
    r.setField("started_at", run.startedAt().atOffset(ZoneOffset.UTC));
    r.setField("ended_at", run.endedAt().atOffset(ZoneOffset.UTC));
    r.setField("rows_read", run.rowsRead());
    r.setField("rows_written", run.rowsWritten());
    r.setField("snapshot_ids", run.snapshotIds().stream().map(String::valueOf)
        .collect(Collectors.joining(",")));
    r.setField("status", run.status());
    r.setField("error_message", run.errorMessage());
    r.setField("failures", run.failures());
    return r;
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
