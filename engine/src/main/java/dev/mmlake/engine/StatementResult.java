package dev.mmlake.engine;

import dev.mmlake.engine.sql.StatementKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one statement. A query holds an open {@link ResultSet} that streams rows; close
 * the result when done, which records the run. Other statements are complete on return.
 */
public final class StatementResult implements AutoCloseable {
  /**
   * What a query's result cancels, and closes after its rows: the JDBC statement it ran on, or
   * the cached plan it borrowed ({@link CachedPlan}).
   */
  interface QueryHandle {
    void cancel() throws SQLException;

    void close() throws SQLException;
  }

  private final RunTracker run;
  private final QueryHandle handle;
  private final ResultSet resultSet;
  private final long updateCount;
  private final String message;

  private StatementResult(RunTracker run, QueryHandle handle, ResultSet resultSet,
      long updateCount, String message) {
    this.run = run;
    this.handle = handle;
    this.resultSet = resultSet;
    this.updateCount = updateCount;
    this.message = message;
  }

  static StatementResult query(RunTracker run, Statement statement, ResultSet rs) {
    QueryHandle handle = statement == null ? null : new QueryHandle() {
      @Override
      public void cancel() throws SQLException {
        statement.cancel();
      }

      @Override
      public void close() throws SQLException {
        statement.close();
      }
    };
    return new StatementResult(run, handle, GuardedResultSet.wrap(rs, run), -1, null);
  }

  /** The result of a query run on {@code handle}, a cached plan, which it releases on close. */
  static StatementResult cached(RunTracker run, QueryHandle handle, ResultSet rs) {
    return new StatementResult(run, handle, GuardedResultSet.wrap(rs, run), -1, null);
  }

  static StatementResult update(RunTracker run, long count, String message) {
    return new StatementResult(run, null, null, count, message);
  }

  public StatementKind kind() {
    return run.kind();
  }

  public String runId() {
    return run.runId();
  }

  public boolean isQuery() {
    return resultSet != null;
  }

  /** The rows of a query; iterate on the thread that executed it. */
  public ResultSet resultSet() {
    if (resultSet == null) {
      throw new IllegalStateException(run.kind() + " returns no rows");
    }
    return resultSet;
  }

  /**
   * Rows inserted into or deleted from the statement's target table (never rows of side writes
   * such as the embedding cache), 0 for DDL, -1 for queries.
   */
  public long updateCount() {
    return updateCount;
  }

  /** A one-line summary for people, e.g. {@code Inserted 3 rows into lake.t (snapshot 123)}. */
  public String message() {
    return message;
  }

  /** Snapshot ids this statement committed. */
  public List<Long> snapshotIds() {
    return run.snapshots();
  }

  /** Rows of the target table not inserted because their id was already present. */
  public long rowsSkipped() {
    return run.rowsSkipped();
  }

  /**
   * Rows committed to tables other than the target (the embedding cache, {@code obs.metrics},
   * model registrations), by table name. Complete once the statement finished (for a query,
   * after {@link #close()}).
   */
  public Map<String, Long> sideWrites() {
    return run.sideWrites();
  }

  /**
   * Warnings a client should see: rows skipped as already present, side writes lost after the
   * statement committed. Complete once the statement finished (for a query, after
   * {@link #close()}).
   */
  public List<String> warnings() {
    return run.warnings();
  }

  /** {@link #warnings()} as a JDBC warning chain, or null when there is none. */
  public SQLWarning sqlWarnings() {
    SQLWarning first = null;
    for (String w : warnings()) {
      SQLWarning next = new SQLWarning(w, "01000");
      if (first == null) {
        first = next;
      } else {
        first.setNextWarning(next);
      }
    }
    return first;
  }

  /** Item failures recorded in {@code obs.failures} by this statement. */
  public int failures() {
    return run.failureCount();
  }

  /** Rows scanned so far by this statement's table scans. */
  public long rowsRead() {
    return run.scope().scanStats().rowsRead();
  }

  /** Data files this statement's scans opened (after Iceberg pruning). */
  public long filesScanned() {
    return run.scope().scanStats().filesScanned();
  }

  /** Data files Iceberg pruned by statistics before reading. */
  public long filesSkipped() {
    return run.scope().scanStats().filesSkipped();
  }

  /**
   * Counts {@code bytes} of this query's result that a server sent to its client ({@code mmlake
   * serve}: the Arrow buffer bytes of each result batch). Bytes counted before {@link #close()}
   * are the run's egress: its {@code egress_bytes} metric, priced with {@code cost.egress-gb}.
   */
  public void addEgressBytes(long bytes) {
    run.addEgress(bytes);
  }

  /** Cancels a running query. */
  public void cancel() throws SQLException {
    if (handle != null) {
      handle.cancel();
    }
  }

  @Override
  public void close() {
    if (resultSet != null) {
      try {
        try {
          resultSet.close();
        } finally {
          if (handle != null) {
            handle.close();
          }
        }
      } catch (SQLException e) {
        throw run.fail(e);
      }
    }
    run.succeed();
  }
}
