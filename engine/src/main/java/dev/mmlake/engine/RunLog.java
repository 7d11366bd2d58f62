package dev.mmlake.engine;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import java.time.ZoneOffset;
import java.util.stream.Collectors;
import org.apache.iceberg.data.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends {@link RunRecord}s to {@code obs.runs}. Recording never fails the statement it
 * describes: a recording error is logged and the statement's own result stands.
 */
final class RunLog {
  private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);
  private static final int MAX_TEXT = 4000;

  private final Lakehouse lakehouse;

  RunLog(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  void record(RunRecord run) {
    if (!lakehouse.catalog().tableExists(LakeTables.RUNS)) {
      return; // not initialised yet: `mmlake init` creates obs.runs
    }
    try (TableAppender a = lakehouse.appender(lakehouse.table(LakeTables.RUNS))) {
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
      a.add(r);
      a.commit();
    } catch (RuntimeException e) {
      LOG.warn("Could not record run {} in obs.runs: {}", run.runId(), e.getMessage());
    }
  }
}
