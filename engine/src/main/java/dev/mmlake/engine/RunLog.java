package dev.mmlake.engine;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.engine.obs.ObsTableBuffer;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;

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
 * ({@code <home>/spill/runs}) and every later flush, of this process or the next one to open the
 * lakehouse, commits spilled files along with its own rows: the {@link ObsTableBuffer} every obs
 * table uses. Recording never fails the statement it describes. A process killed outright loses
 * at most its last second of rows.
 */
final class RunLog implements AutoCloseable {
  private static final int MAX_TEXT = 4000;

  private final ObsTableBuffer<RunRecord> buffer;
  private final ScheduledExecutorService flusher;

  RunLog(Lakehouse lakehouse) {
    // rows that may already be committed are written insert-if-absent on run_id
    this.buffer = new ObsTableBuffer<>(lakehouse, LakeTables.RUNS,
        RunSpill.files(spillDir(lakehouse)), RunLog::toRecord,
        List.of("run_id"));
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
    buffer.add(List.of(run));
  }

  /** Commits every buffered record, and any spilled earlier, now (one snapshot). */
  void flush() {
    buffer.flush();
  }

  private static GenericRecord toRecord(TableAppender a, RunRecord run) {
    Schema schema = a.table().schema();
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
