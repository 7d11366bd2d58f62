package dev.mmlake.engine.exec;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.PendingWrites;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.catalog.TableAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Per-statement engine state: scan counters, the pending appends of DML and side writes, and the
 * statement's {@link StatementContext} (run id, failure log, progress). The session commits pending
 * appends after the statement succeeds and aborts them when it fails, so nothing is visible unless
 * the whole statement worked. Tables and table functions reach it through
 * {@link StatementScopes}, an explicit per-connection handle.
 *
 * <p>Commit order: the statement's main table (the INSERT or CTAS target) first; side writes (the
 * embedding cache, {@code obs.metrics}, model registrations) only after it succeeded. If the main
 * commit fails, every side write is discarded; if a side write fails afterwards, the statement's
 * result stands and the loss is reported ({@link StatementCommit#sideErrors()}).
 */
public final class StatementScope implements PendingWrites {
  private static final Logger LOG = LoggerFactory.getLogger(StatementScope.class);

  private final Lakehouse lakehouse;
  private final ScanStats scanStats = new ScanStats();
  private final Map<TableIdentifier, TableAppender> appends = new LinkedHashMap<>();
  private final Map<TableIdentifier, Object> keySets = new HashMap<>();
  private final AtomicLong skipped = new AtomicLong();
  private TableIdentifier mainTable;

  private StatementContext context;

  public StatementScope(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /** Binds the statement's context (run id, failures, progress); set once by the session. */
  public void context(StatementContext context) {
    this.context = context;
  }

  /** The statement's context for SQL functions and connectors. */
  public StatementContext context() {
    return context;
  }

  public Lakehouse lakehouse() {
    return lakehouse;
  }

  public ScanStats scanStats() {
    return scanStats;
  }

  /** Marks {@code id} as the table this statement writes (the first one named wins). */
  public synchronized void mainTable(TableIdentifier id) {
    if (mainTable == null) {
      mainTable = id;
    }
  }

  /** The pending append to {@code id} for this statement, created on first use. */
  @Override
  public synchronized TableAppender appender(TableIdentifier id, Table table) {
    return appends.computeIfAbsent(id, k -> lakehouse.appender(table));
  }

  /** Keys already present in {@code id}, loaded once per statement. */
  @SuppressWarnings("unchecked")
  public synchronized <T> T existingKeys(TableIdentifier id, Supplier<T> load) {
    return (T) keySets.computeIfAbsent(id, k -> load.get());
  }

  /** Counts rows an INSERT skipped because their key was already present. */
  public void skipped(long n) {
    skipped.addAndGet(n);
  }

  public long skipped() {
    return skipped.get();
  }

  /**
   * Commits every pending append, one snapshot per table: the main table first, then the side
   * writes. A failure of the main commit aborts the side writes and propagates; a side write that
   * fails afterwards is logged and reported in the result.
   */
  public synchronized StatementCommit commit() {
    List<Long> snapshots = new ArrayList<>();
    Map<String, Long> sideRows = new LinkedHashMap<>();
    List<String> sideErrors = new ArrayList<>();
    long mainRows = 0;
    long skippedAtCommit = 0;
    try {
      TableAppender main = mainTable == null ? null : appends.remove(mainTable);
      if (main != null) {
        long id = main.commit();
        if (id >= 0) {
          snapshots.add(id);
        }
        mainRows = main.rows();
        skippedAtCommit = main.skipped();
      }
      for (Map.Entry<TableIdentifier, TableAppender> e : appends.entrySet()) {
        commitSide(e.getKey(), e.getValue(), snapshots, sideRows, sideErrors);
      }
    } finally {
      abort();
    }
    // counted once: a later commit of the same statement (nothing pending) reports none
    return new StatementCommit(snapshots, mainRows, skipped.getAndSet(0) + skippedAtCommit,
        sideRows, sideErrors);
  }

  private static void commitSide(TableIdentifier id, TableAppender a, List<Long> snapshots,
      Map<String, Long> sideRows, List<String> sideErrors) {
    try {
      long snapshot = a.commit();
      if (snapshot >= 0) {
        snapshots.add(snapshot);
        sideRows.put(id.toString(), a.rows());
      }
    } catch (RuntimeException e) {
      String message = String.format("%d row(s) for %s were not committed: %s", a.rows(), id,
          e.getMessage());
      LOG.warn("Side write after a successful statement failed: {}", message);
      sideErrors.add(message);
    }
  }

  /** Discards uncommitted appends. */
  public synchronized void abort() {
    appends.values().forEach(TableAppender::abort);
    appends.clear();
  }
}
