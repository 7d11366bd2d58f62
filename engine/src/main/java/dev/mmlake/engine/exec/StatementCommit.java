package dev.mmlake.engine.exec;

import java.util.List;
import java.util.Map;

/**
 * What committing a statement's pending writes did.
 *
 * @param snapshots the snapshot ids created, the main table's first
 * @param mainRows rows committed to the statement's target table (INSERT, CTAS); 0 without one
 * @param skipped rows of the target table not inserted because their id was already present
 * @param sideRows rows committed to other tables (the embedding cache, metrics, models), by table
 * @param sideErrors side writes that failed after the main commit, one message each; the
 *     statement's own result stands, and the message says what was lost
 */
public record StatementCommit(List<Long> snapshots, long mainRows, long skipped,
    Map<String, Long> sideRows, List<String> sideErrors) {
  public StatementCommit {
    snapshots = List.copyOf(snapshots);
    sideRows = Map.copyOf(sideRows);
    sideErrors = List.copyOf(sideErrors);
  }
}
