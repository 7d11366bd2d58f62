package dev.mmlake.engine;

import dev.mmlake.engine.sql.StatementKind;
import java.time.Instant;
import java.util.List;

/**
 * One row of {@code obs.runs}: what a statement was, how long it took and what it did.
 * {@code rowsWritten} counts the statement's target table only; rows written to other tables
 * (the embedding cache, metrics) are in {@code sideWrites} ({@code table=rows,...}).
 */
public record RunRecord(String runId, String statementDigest, StatementKind kind, String text,
    String user, Instant startedAt, Instant endedAt, long rowsRead, long rowsWritten,
    List<Long> snapshotIds, String status, String errorMessage, long failures, long rowsSkipped,
    String sideWrites) {
}
