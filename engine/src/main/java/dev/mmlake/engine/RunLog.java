package dev.mmlake.engine;

import dev.mmlake.catalog.CommitOutcomeUnknownException;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.engine.obs.SpillFiles;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends {@link RunRecord}s to {@code obs.runs}, one per statement.
 *
 * <p>Records are buffered and committed together, at most a second apart, instead of one Iceberg
 * commit per statement: a statement does not wait for its own run row, and the table grows by a
 * snapshot per second rather than per query. A statement that reads the {@code obs} namespace
 * flushes first, so it always sees every earlier run; closing the engine flushes too.
 *
 * <p>Run rows are never silently dropped. A commit is retried by the commit path (conflicts and a
 * busy catalog); if it still fails, the rows are spilled to a file under the lakehouse home
 * ({@link SpillFiles}, {@code <home>/spill/runs}) and every later flush, of this process or the next
 * one to open the lakehouse, commits spilled files along with its own rows. Recording never fails
 * the statement it describes. A process killed outright loses at most its last second of rows.
 */
final class RunLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);
  private static final int MAX_TEXT = 4000;

  private final Lakehouse lakehouse;
  private final SpillFiles<RunRecord> spill;
  private final List<RunRecord> pending = new ArrayList<>();
  private final ScheduledExecutorService flusher;

  RunLog(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
    this.spill = RunSpill.files(spillDir(lakehouse));
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mmlake-run-log");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
  }

  /** Where run rows that could not be committed wait: {@code <home>/spill/runs}. */
  static Path spillDir(Lakehouse lakehouse) {
    return lakehouse.config().home().resolve("spill").resolve("runs");
  }

  void record(RunRecord run) {
    synchronized (pending) {
      pending.add(run);
    }
  }

  /** Commits every buffered record, and any spilled earlier, now (one snapshot). */
  void flush() {
    List<RunRecord> batch;
    synchronized (pending) {
      batch = new ArrayList<>(pending);
      pending.clear();
    }
    synchronized (this) {
      if (!lakehouse.catalog().tableExists(LakeTables.RUNS)) {
        if (!batch.isEmpty()) {
          LOG.debug("obs.runs does not exist (run `mmlake init`): {} run row(s) not recorded",
              batch.size());
        }
        return;
      }
      List<SpillFiles.Claim<RunRecord>> claims = spill.claim();
      if (batch.isEmpty() && claims.isEmpty()) {
        return;
      }
      try {
        write(batch, claims);
        claims.forEach(SpillFiles.Claim::done);
      } catch (RuntimeException e) {
        boolean unknown = e instanceof CommitOutcomeUnknownException;
        claims.forEach(c -> c.release(unknown));
        spillOrKeep(batch, e, unknown);
      }
    }
  }

  private void spillOrKeep(List<RunRecord> batch, RuntimeException cause, boolean unknown) {
    if (batch.isEmpty()) {
      LOG.warn("Could not commit spilled run rows to obs.runs ({}); they stay in {} for the next "
          + "flush", cause.getMessage(), spill.dir());
      return;
    }
    try {
      Path file = spill.write(batch, unknown);
      LOG.warn("Could not commit {} run row(s) to obs.runs ({}); kept in {} and committed by a "
          + "later flush", batch.size(), cause.getMessage(), file);
    } catch (RuntimeException e) {
      synchronized (pending) {
        pending.addAll(0, batch); // no file either: keep them in memory for the next flush
      }
      LOG.warn("Could not commit {} run row(s) to obs.runs ({}) nor spill them ({}); retrying "
          + "at the next flush", batch.size(), cause.getMessage(), e.getMessage());
    }
  }

  private void write(List<RunRecord> batch, List<SpillFiles.Claim<RunRecord>> claims) {
    try (TableAppender a = lakehouse.appender(lakehouse.table(LakeTables.RUNS))) {
      if (claims.stream().anyMatch(SpillFiles.Claim::maybeCommitted)) {
        // a claim of a process that died: it may have committed these rows before it could
        // delete the file, so commit only the run ids that are not in obs.runs yet
        a.uniqueOn(List.of("run_id"), null);
      }
      Schema schema = a.table().schema();
      for (SpillFiles.Claim<RunRecord> c : claims) {
        c.rows().forEach(run -> a.add(toRecord(a, schema, run)));
      }
      batch.forEach(run -> a.add(toRecord(a, schema, run)));
      a.commit();
    }
  }

  private static GenericRecord toRecord(TableAppender a, Schema schema, RunRecord run) {
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
    // columns added by later versions: absent from a table another process has not migrated yet
    if (schema.findField("rows_skipped") != null) {
      r.setField("rows_skipped", run.rowsSkipped());
    }
    if (schema.findField("side_writes") != null) {
      r.setField("side_writes", run.sideWrites() == null || run.sideWrites().isEmpty() ? null
          : run.sideWrites());
    }
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
