package dev.mmlake.engine.plan;

import java.util.Objects;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlNode;

/**
 * Hands a statement that mmlake has already parsed to its connection's Calcite preparation, so
 * that the text is parsed exactly once and Calcite validates the very tree the session inspected
 * (suffixed table names, cursor arguments). One per session connection; a session runs one
 * statement at a time.
 *
 * <p>Contract: {@link #offer} before handing {@code sql} to the connection, {@link #clear} after.
 * The offered tree is used once, and only for a statement whose text is exactly {@code sql};
 * anything else Calcite parses (e.g. metadata queries) is parsed normally.
 */
public final class ParsedStatements {
  private String sql;
  private SqlNode node;
  private RelDataType rowType;
  private RelRoot plan;

  /** Registers {@code node} as the parse of {@code sql} for the next preparation. */
  public synchronized void offer(String sql, SqlNode node) {
    this.sql = Objects.requireNonNull(sql, "sql is null");
    this.node = Objects.requireNonNull(node, "node is null");
    this.plan = null;
  }

  /** Forgets an offer that was not taken. */
  public synchronized void clear() {
    sql = null;
    node = null;
  }

  /** The row type of the statement prepared last on this connection (a query's columns). */
  public synchronized RelDataType lastRowType() {
    return rowType;
  }

  /**
   * The optimized plan of the statement prepared last since the last {@link #offer}, or null
   * when the offered statement has none (DDL, EXPLAIN).
   */
  public synchronized RelRoot lastPlan() {
    return plan;
  }

  /**
   * Records that a statement prepared earlier runs again (a cached plan): its row type and plan
   * become the last ones, as if it had just been prepared.
   */
  public synchronized void reused(RelDataType rowType, RelRoot plan) {
    this.rowType = rowType;
    this.plan = plan;
  }

  synchronized void planned(RelRoot root) {
    this.plan = root;
  }

  synchronized void prepared(RelDataType type) {
    this.rowType = type;
  }

  /** The offered tree when {@code text} is the offered statement, else null; used once. */
  synchronized SqlNode take(String text) {
    if (sql == null || !sql.equals(text)) {
      return null;
    }
    SqlNode taken = node;
    clear();
    return taken;
  }
}
