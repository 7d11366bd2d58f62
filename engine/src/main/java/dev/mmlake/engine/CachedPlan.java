package dev.mmlake.engine;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A query plan kept by a {@link PlanCache}: the prepared statement and what its plan reads. While
 * a result of it is open the plan is busy, and the same SQL is prepared anew instead (running the
 * statement again would close that result). A plan that was cancelled, failed or evicted while
 * busy is closed when its result is.
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

  PlanReads reads() {
    return reads;
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
