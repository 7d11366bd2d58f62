package dev.mmlake.engine;

import dev.mmlake.catalog.StatementContext;
import dev.mmlake.engine.iceberg.PlainScan;
import dev.mmlake.engine.sql.SqlParsing;
import dev.mmlake.engine.sql.StatementKind;
import dev.mmlake.error.ErrorCode;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;

/**
 * A statement planned once and executed many times with {@code ?} parameters. Queries and INSERTs
 * are planned by Calcite at prepare time; DDL and DELETE are only parsed, and run exactly once per
 * {@link #execute} call, never at prepare time.
 *
 * <p>Each execution is a run of its own: it commits its writes and records an {@code obs.runs} row.
 * A query the session's {@link PlanCache} accepts takes its plan from there (and gives it back on
 * {@link #close()}), so preparing the same SQL again skips Calcite's preparation.
 */
public final class PreparedSql implements AutoCloseable {
  private final Session session;
  private final String sql;
  private final StatementKind kind;
  /** Replaced by a fresh one after a cancel: Avatica keeps a cancelled statement cancelled. */
  private PreparedStatement statement;
  /** The plan taken from the session's plan cache, or null when prepared for this alone. */
  private CachedPlan cached;
  private volatile boolean cancelled;
  private final TableRefMounts mounts;
  private final SqlNode node;
  private final PlainScan plainScan;
  private volatile ScanExecution runningScan;

  PreparedSql(Session session, String sql) {
    this.session = session;
    this.sql = sql;
    SqlNode node;
    try {
      node = SqlParsing.parse(sql);
    } catch (SqlParseException e) {
      throw SqlErrors.translate(e);
    }
    this.kind = SqlParsing.kindOf(node);
    this.node = node;
    session.checkAccess(node, kind);
    session.refreshSchemas();
    this.mounts = new TableRefMounts(session.connection().getRootSchema(), session.defaultSchema());
    if (kind.returnsRows() || kind == StatementKind.INSERT) {
      CachedPlan lease = null;
      try {
        mounts.mount(node);
        lease = session.usesPlanCache(sql, node, kind)
            ? session.planCache().checkout(session, sql, node) : null;
        this.statement = lease != null ? lease.statement() : session.prepareStatement(sql, node);
        this.plainScan = kind == StatementKind.QUERY
            && statement.getParameterMetaData().getParameterCount() == 0
            ? PlainScan.of(session.lastPlan()) : null;
      } catch (SQLException | RuntimeException e) {
        if (lease != null) {
          lease.close();
        }
        mounts.unmount();
        throw SqlErrors.translate(e);
      }
      this.cached = lease;
    } else {
      this.statement = null;
      this.cached = null;
      this.plainScan = null;
    }
  }

  public String sql() {
    return sql;
  }

  public StatementKind kind() {
    return kind;
  }

  /** Number of {@code ?} parameters (0 for DDL, which takes none). */
  public int parameterCount() {
    try {
      return statement == null ? 0 : statement.getParameterMetaData().getParameterCount();
    } catch (SQLException e) {
      throw SqlErrors.translate(e);
    }
  }

  /** Parameter types, or null for statements that take none. */
  public ParameterMetaData parameterMetaData() {
    try {
      return statement == null ? null : statement.getParameterMetaData();
    } catch (SQLException e) {
      throw SqlErrors.translate(e);
    }
  }

  /** Columns of the result for queries; null for statements that return no rows. */
  public ResultSetMetaData resultMetaData() {
    try {
      return kind.returnsRows() ? statement.getMetaData() : null;
    } catch (SQLException e) {
      throw SqlErrors.translate(e);
    }
  }

  /** Executes with the given parameter values (JDBC objects, in order). */
  public StatementResult execute(List<?> parameters) {
    if (statement == null) {
      if (parameters != null && !parameters.isEmpty()) {
        throw new SqlStatementException(ErrorCode.VALIDATION_ERROR,
            kind + " statements take no parameters");
      }
      return session.execute(sql);
    }
    session.flushRunLogIfReadingObs(sql);
    RunTracker run = new RunTracker(session, sql, StatementContext.Progress.NONE);
    run.kind(kind);
    try {
      session.checkAccess(node, kind); // the session's access may have changed since prepare
      if (cancelled) {
        prepareAgain();
      }
      statement.clearParameters();
      for (int i = 0; parameters != null && i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      if (kind.returnsRows()) {
        ResultSet rs = statement.executeQuery();
        return StatementResult.query(run, null, rs);
      }
      long n = statement.executeLargeUpdate();
      run.commitWrites();
      run.succeed();
      return StatementResult.update(run, n, "Inserted " + n + " row" + (n == 1 ? "" : "s"));
    } catch (Throwable t) {
      throw run.fail(t);
    }
  }

  /**
   * True when the query's plan only reads one table ({@link PlainScan}: no join, sort or
   * aggregate above the scan, only a WHERE it evaluates exactly, no parameters):
   * {@link #executeScan()} can then hand out its rows as column batches.
   */
  public boolean isPlainScan() {
    return plainScan != null;
  }

  /**
   * Executes a plain-scan query as column batches instead of a result set: the same rows, a run
   * of its own recorded in {@code obs.runs} with the rows read, as {@link #execute} does.
   *
   * @throws IllegalStateException when {@link #isPlainScan()} is false
   */
  public ScanExecution executeScan() {
    if (plainScan == null) {
      throw new IllegalStateException(sql + " is not a plain scan");
    }
    session.flushRunLogIfReadingObs(sql);
    RunTracker run = new RunTracker(session, sql, StatementContext.Progress.NONE);
    run.kind(kind);
    try {
      session.checkAccess(node, kind);
      ScanExecution scan = new ScanExecution(run, plainScan.open());
      runningScan = scan;
      return scan;
    } catch (Throwable t) {
      throw run.fail(t);
    }
  }

  /** After a cancel: the old statement is given up and the query prepared anew. */
  private void prepareAgain() throws SQLException {
    PreparedStatement old = statement;
    CachedPlan oldPlan = cached;
    statement = session.prepareStatement(sql, node);
    cached = null;
    cancelled = false;
    if (oldPlan != null) {
      oldPlan.close(); // cancelled: the cache drops it
    } else {
      old.close();
    }
  }

  /** Cancels a running execution; the next {@link #execute} runs normally. */
  public void cancel() {
    cancelled = true;
    ScanExecution scan = runningScan;
    if (scan != null) {
      scan.cancel();
    }
    try {
      if (cached != null) {
        cached.cancel(); // a cancelled statement stays cancelled: the cache drops it
      } else if (statement != null) {
        statement.cancel();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e);
    }
  }

  @Override
  public void close() {
    try {
      if (cached != null) {
        cached.close(); // back to the session's plan cache
      } else if (statement != null) {
        statement.close();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e);
    } finally {
      mounts.unmount();
    }
  }
}
