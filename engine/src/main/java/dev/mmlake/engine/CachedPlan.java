package dev.mmlake.engine;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A query plan checked out of a {@link PlanCache}: the prepared statement and what its plan reads
 * (a plan that cannot be kept is handed out the same way, and closed when released). While it
 * is checked out (a result of it is open, or a {@link PreparedSql} holds it) the plan is busy,
 * and the same SQL is prepared anew instead (running the statement again would close that
 * result). A plan that was cancelled, failed or evicted while busy is closed when released.
 */
final class CachedPlan implements StatementResult.QueryHandle {
  private final PlanCache cache;
  private final PreparedStatement statement;
  private final PlanReads reads;
  private final RelDataType rowType;
  private final RelRoot plan;
  /** Guarded by the cache: a result of this plan is open. */
  boolean busy;
  /** Guarded by the cache: no longer in the cache; close once not busy. */
  boolean discarded;

  CachedPlan(PlanCache cache, PreparedStatement statement, PlanReads reads, RelDataType rowType,
      RelRoot plan) {
    this.cache = cache;
    this.statement = statement;
    this.reads = reads;
    this.rowType = rowType;
    this.plan = plan;
  }

  /** What the plan reads; null for a plan that is not kept. */
  PlanReads reads() {
    return reads;
  }

  /** The row type the statement was prepared with. */
  RelDataType rowType() {
    return rowType;
  }

  /** The optimized plan it was prepared with. */
  RelRoot plan() {
    return plan;
  }

  PreparedStatement statement() {
    return statement;
  }

  /** Cancels the running execution; a cancelled statement stays cancelled, so it is dropped. */
  @Override
  public void cancel() throws SQLException {
    cache.discard(this);
    statement.cancel();
  }

  /** Ends the execution: the plan can run again (or is closed when it was dropped meanwhile). */
  @Override
  public void close() {
    cache.release(this);
  }
}
