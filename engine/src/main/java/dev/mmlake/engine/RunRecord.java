package dev.mmlake.engine;

import dev.mmlake.engine.sql.StatementKind;
import java.time.Instant;
import java.util.List;

/** One row of {@code obs.runs}: what a statement was, how long it took and what it did. */
public record RunRecord(String runId, String statementDigest, StatementKind kind, String text,
    String user, Instant startedAt, Instant endedAt, long rowsRead, long rowsWritten,
    List<Long> snapshotIds, String status, String errorMessage, long failures) {
}
