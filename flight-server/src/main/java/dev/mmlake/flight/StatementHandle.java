package dev.mmlake.flight;

import com.google.protobuf.ByteString;
import dev.mmlake.engine.PreparedSql;
import dev.mmlake.engine.ScanExecution;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.engine.sql.StatementKind;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One prepared statement a client holds: its own engine session (borrowed from
 * {@link FlightSessions}), the engine's {@link PreparedSql}, its Arrow schemas and the parameter
 * rows last bound. Executions are serialized; closing waits for a running one to finish.
 */
final class StatementHandle {
  private final ByteString id;
  private final String user;
  private final Session session;
  private final PreparedSql prepared;
  private final Schema datasetSchema;
  private final Schema parameterSchema;
  private final FlightSessions sessions;
  private final ReentrantLock executing = new ReentrantLock();
  private volatile List<List<Object>> parameterRows = List.of();
  private volatile boolean cancelled;
  private int inUse;
  private boolean closeRequested;
  private boolean closed;

  StatementHandle(ByteString id, String user, Session session, PreparedSql prepared,
      Schema datasetSchema, Schema parameterSchema, FlightSessions sessions) {
    this.id = id;
    this.user = user;
    this.session = session;
    this.prepared = prepared;
    this.datasetSchema = datasetSchema;
    this.parameterSchema = parameterSchema;
    this.sessions = sessions;
  }

  ByteString id() {
    return id;
  }

  String user() {
    return user;
  }

  String sql() {
    return prepared.sql();
  }

  StatementKind kind() {
    return prepared.kind();
  }

  /** Result columns; empty for statements that return no rows (clients then use executeUpdate). */
  Schema datasetSchema() {
    return datasetSchema;
  }

  Schema parameterSchema() {
    return parameterSchema;
  }

  void bind(List<List<Object>> rows) {
    this.parameterRows = List.copyOf(rows);
  }

  List<List<Object>> parameterRows() {
    return parameterRows;
  }

  /** Marks the handle busy; false when it is already closed. Pair with {@link #release()}. */
  synchronized boolean acquire() {
    if (closeRequested) {
      return false;
    }
    inUse++;
    return true;
  }

  void release() {
    boolean doClose;
    synchronized (this) {
      inUse--;
      doClose = closeRequested && inUse == 0 && !closed;
      closed |= doClose;
    }
    if (doClose) {
      closeNow();
    }
  }

  /**
   * Runs the statement once with {@code params}, with the user's access as the users file says
   * now (so a user made read-only cannot go on writing through an open handle); the caller holds
   * {@link #acquire()}.
   */
  StatementResult execute(List<Object> params) {
    executing.lock();
    try {
      cancelled = false;
      sessions.refreshAccess(session);
      return prepared.execute(params);
    } finally {
      executing.unlock();
    }
  }

  /** True when the query only reads one table: {@link #executeScan()} streams it as batches. */
  boolean isPlainScan() {
    return prepared.isPlainScan();
  }

  /** {@link #execute} of a plain scan, as column batches ({@link PreparedSql#executeScan()}). */
  ScanExecution executeScan() {
    executing.lock();
    try {
      cancelled = false;
      sessions.refreshAccess(session);
      return prepared.executeScan();
    } finally {
      executing.unlock();
    }
  }

  /** Runs {@code work} while no other execution of this handle runs (e.g. streaming rows). */
  <T> T exclusively(Supplier<T> work) {
    executing.lock();
    try {
      return work.get();
    } finally {
      executing.unlock();
    }
  }

  /** Cancels a running execution, if any. */
  void cancel() {
    cancelled = true;
    try {
      prepared.cancel();
    } catch (RuntimeException ignored) {
      // nothing running, or already finished
    }
  }

  /** True when {@link #cancel()} was called since the last execution started. */
  boolean cancelled() {
    return cancelled;
  }

  /** Closes now, or when the running execution releases the handle. */
  void close() {
    boolean doClose;
    synchronized (this) {
      closeRequested = true;
      doClose = inUse == 0 && !closed;
      closed |= doClose;
    }
    if (doClose) {
      closeNow();
    }
  }

  private void closeNow() {
    try {
      prepared.close();
      sessions.giveBack(session);
    } catch (RuntimeException e) {
      sessions.discard(session);
    }
  }
}
