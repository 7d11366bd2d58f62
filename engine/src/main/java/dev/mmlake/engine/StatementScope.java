package dev.mmlake.engine;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.engine.iceberg.ScanStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Per-statement engine state on the executing thread: scan counters and the pending appends of
 * DML. The session commits pending appends after the statement succeeds and aborts them when it
 * fails, so nothing is visible unless the whole statement worked.
 */
public final class StatementScope implements dev.mmlake.catalog.PendingWrites {
  private static final ThreadLocal<StatementScope> CURRENT = new ThreadLocal<>();

  private final Lakehouse lakehouse;
  private final ScanStats scanStats = new ScanStats();
  private final Map<TableIdentifier, TableAppender> appends = new LinkedHashMap<>();
  private final Map<TableIdentifier, Object> keySets = new java.util.HashMap<>();
  private final java.util.concurrent.atomic.AtomicLong skipped =
      new java.util.concurrent.atomic.AtomicLong();

  StatementScope(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /** The scope of the statement running on this thread, or null outside a session. */
  public static StatementScope current() {
    return CURRENT.get();
  }

  void attach() {
    CURRENT.set(this);
  }

  static void detach() {
    CURRENT.remove();
  }

  public ScanStats scanStats() {
    return scanStats;
  }

  /** The pending append to {@code id} for this statement, created on first use. */
  @Override
  public synchronized TableAppender appender(TableIdentifier id, Table table) {
    return appends.computeIfAbsent(id, k -> lakehouse.appender(table));
  }

  /** Keys already present in {@code id}, loaded once per statement. */
  @SuppressWarnings("unchecked")
  public synchronized <T> T existingKeys(TableIdentifier id, java.util.function.Supplier<T> load) {
    return (T) keySets.computeIfAbsent(id, k -> load.get());
  }

  /** Counts rows an INSERT skipped because their key was already present. */
  public void skipped(long n) {
    skipped.addAndGet(n);
  }

  public long skipped() {
    return skipped.get();
  }

  /** Rows added to pending appends so far. */
  public synchronized long rowsWritten() {
    return appends.values().stream().mapToLong(TableAppender::rows).sum();
  }

  /**
   * Commits every pending append, one snapshot per table. On a failure the remaining appends are
   * aborted and the exception propagates; appends already committed stay committed.
   */
  public synchronized List<Long> commit() {
    List<Long> snapshots = new ArrayList<>();
    try {
      for (TableAppender a : appends.values()) {
        long id = a.commit();
        if (id >= 0) {
          snapshots.add(id);
        }
      }
    } finally {
      abort();
    }
    return snapshots;
  }

  /** Discards uncommitted appends. */
  public synchronized void abort() {
    appends.values().forEach(TableAppender::abort);
    appends.clear();
  }
}
