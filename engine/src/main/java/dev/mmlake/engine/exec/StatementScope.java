package dev.mmlake.engine.exec;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.PendingWrites;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.catalog.TableAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private final List<Runnable> beforeCommit = new ArrayList<>();
  private final Set<TableRead> reads = new LinkedHashSet<>();
  private final Map<TableIdentifier, List<Runnable>> undos = new LinkedHashMap<>();
  private final List<Long> checkpointSnapshots = new ArrayList<>();
  private long checkpointRows;
  private long checkpointSkipped;
  private volatile boolean fedByConnector;
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

  /** The table this statement writes, or null when it has none (a query, DDL). */
  public synchronized TableIdentifier mainTableId() {
    return mainTable;
  }

  /**
   * Records that a source connector feeds this statement; an INSERT it feeds commits in
   * checkpoints ({@link #checkpoint}). Called by the connector's scan when it starts.
   */
  public void fedByConnector() {
    fedByConnector = true;
  }

  /** True when a source connector is scanned in this statement. */
  public boolean isFedByConnector() {
    return fedByConnector;
  }

  /**
   * Commits the pending append to {@code id} now, as one snapshot of this statement's run, and
   * replaces it with a new empty append, which it returns. Used by a checkpointed INSERT: what is
   * committed here stays committed even if the statement fails later, so such an INSERT is atomic
   * per checkpoint, not as a whole. The blobs of the rows are synced to the content store first
   * (the commit path of {@link TableAppender#commit}). Undo actions registered for {@code id} so
   * far are dropped, since their rows are now committed.
   *
   * @throws IllegalStateException if {@code id} has no pending append
   */
  public synchronized TableAppender checkpoint(TableIdentifier id) {
    TableAppender a = appends.remove(id);
    if (a == null) {
      throw new IllegalStateException("No pending append to " + id + " to checkpoint");
    }
    long snapshot;
    try {
      snapshot = a.commit();
    } catch (RuntimeException e) {
      a.abort();
      throw e;
    }
    undos.remove(id);
    if (snapshot >= 0) {
      checkpointSnapshots.add(snapshot);
    }
    checkpointRows += a.rows();
    checkpointSkipped += a.skipped();
    TableAppender next = lakehouse.appender(a.table());
    appends.put(id, next);
    return next;
  }

  /**
   * The checkpoints committed so far and not yet reported (snapshots, rows, rows skipped at
   * commit), and forgets them; a failed statement reports these in its run.
   */
  public synchronized StatementCommit takeCheckpoints() {
    StatementCommit c = new StatementCommit(checkpointSnapshots, checkpointRows,
        checkpointSkipped, Map.of(), List.of());
    checkpointSnapshots.clear();
    checkpointRows = 0;
    checkpointSkipped = 0;
    return c;
  }

  /** The pending append to {@code id} for this statement, created on first use. */
  @Override
  public synchronized TableAppender appender(TableIdentifier id, Table table) {
    return appends.computeIfAbsent(id, k -> lakehouse.appender(table));
  }

  /**
   * Registers {@code action} to run when the statement commits, before anything is committed: a
   * writer that holds rows back (e.g. to look their keys up in batches) writes them there. A
   * failure fails the statement.
   */
  public synchronized void beforeCommit(Runnable action) {
    beforeCommit.add(action);
  }

  /** Keys already present in {@code id}, loaded once per statement. */
  @SuppressWarnings("unchecked")
  public synchronized <T> T existingKeys(TableIdentifier id, Supplier<T> load) {
    return (T) keySets.computeIfAbsent(id, k -> load.get());
  }

  /**
   * A table (or time-travel reference) the statement scanned, at the snapshot it read. Scans record
   * themselves when they are planned; functions use this to tell which dataset version their
   * {@code CURSOR} read.
   *
   * @param table the table
   * @param snapshotId the snapshot read, or -1 for a table without snapshots
   */
  public record TableRead(TableIdentifier table, long snapshotId) {
  }

  /** Records that a scan of {@code table} at {@code snapshotId} was planned in this statement. */
  public synchronized void recordRead(TableIdentifier table, long snapshotId) {
    reads.add(new TableRead(table, snapshotId));
  }

  /** The distinct tables and snapshots scanned so far, in first-scan order. */
  public synchronized List<TableRead> reads() {
    return List.copyOf(reads);
  }

  /**
   * Registers {@code undo} to run if the pending append to {@code table} is not committed: when
   * the statement fails, or its commit of that table fails. A function that writes files outside
   * the lakehouse and records them in {@code table} uses it so that the files exist exactly when
   * their rows do. Undo actions must not throw; they run in reverse registration order.
   */
  public synchronized void onAbort(TableIdentifier table, Runnable undo) {
    undos.computeIfAbsent(table, k -> new ArrayList<>()).add(undo);
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
   * writes. The result also reports the checkpoints committed before ({@link #checkpoint}). A
   * failure of the main commit aborts the side writes and propagates; a side write that fails
   * afterwards is logged and reported in the result, and its undo actions run. A statement
   * without a main table (a query whose functions write, such as {@code WRITE_SHARDS}) fails
   * when one of its writes fails.
   */
  public synchronized StatementCommit commit() {
    List<Long> snapshots = new ArrayList<>();
    Map<String, Long> sideRows = new LinkedHashMap<>();
    List<String> sideErrors = new ArrayList<>();
    long mainRows = 0;
    long skippedAtCommit = 0;
    try {
      List<Runnable> actions = new ArrayList<>(beforeCommit);
      beforeCommit.clear();
      actions.forEach(Runnable::run);
      TableAppender main = mainTable == null ? null : appends.remove(mainTable);
      if (main != null) {
        long id = main.commit();
        undos.remove(mainTable); // committed: files recorded in it stay
        if (id >= 0) {
          snapshots.add(id);
        }
        mainRows += main.rows();
        skippedAtCommit += main.skipped();
      }
      // the checkpoints come first; taken only now, so a failed main commit leaves them for
      // the failed run to report
      StatementCommit checkpoints = takeCheckpoints();
      snapshots.addAll(0, checkpoints.snapshots());
      mainRows += checkpoints.mainRows();
      skippedAtCommit += checkpoints.skipped();
      List<TableIdentifier> failed = new ArrayList<>();
      for (Map.Entry<TableIdentifier, TableAppender> e : appends.entrySet()) {
        if (main == null) {
          // no main table (a query): its writes are what the statement is for, so a failed one
          // fails the statement; abort() below undoes what was not committed
          long id = e.getValue().commit();
          if (id >= 0) {
            snapshots.add(id);
            sideRows.put(e.getKey().toString(), e.getValue().rows());
          }
          undos.remove(e.getKey());
        } else if (commitSide(e.getKey(), e.getValue(), snapshots, sideRows, sideErrors)) {
          undos.remove(e.getKey());
        } else {
          failed.add(e.getKey());
        }
      }
      // keep the undo actions of side writes that failed; the others recorded nothing to undo
      undos.keySet().retainAll(failed);
    } finally {
      abort();
    }
    // counted once: a later commit of the same statement (nothing pending) reports none
    return new StatementCommit(snapshots, mainRows, skipped.getAndSet(0) + skippedAtCommit,
        sideRows, sideErrors);
  }

  /** Commits one side write; true when it committed (a failure is logged and reported). */
  private static boolean commitSide(TableIdentifier id, TableAppender a, List<Long> snapshots,
      Map<String, Long> sideRows, List<String> sideErrors) {
    try {
      long snapshot = a.commit();
      if (snapshot >= 0) {
        snapshots.add(snapshot);
        sideRows.put(id.toString(), a.rows());
      }
      return true;
    } catch (RuntimeException e) {
      String message = String.format("%d row(s) for %s were not committed: %s", a.rows(), id,
          e.getMessage());
      LOG.warn("Side write after a successful statement failed: {}", message);
      sideErrors.add(message);
      return false;
    }
  }

  /**
   * Discards uncommitted appends and runs the undo actions of tables whose append was not
   * committed ({@link #onAbort}).
   */
  public synchronized void abort() {
    beforeCommit.clear();
    appends.values().forEach(TableAppender::abort);
    appends.clear();
    List<Runnable> pending = new ArrayList<>();
    undos.values().forEach(pending::addAll);
    undos.clear();
    for (int i = pending.size() - 1; i >= 0; i--) {
      try {
        pending.get(i).run();
      } catch (RuntimeException e) {
        // An undo is best effort by contract; the statement's own error is what the user sees.
      }
    }
  }
}
