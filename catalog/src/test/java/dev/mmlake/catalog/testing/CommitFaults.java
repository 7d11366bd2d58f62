package dev.mmlake.catalog.testing;

import dev.mmlake.catalog.TableOpsDecorator;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;

/**
 * Hand-written commit fault injection for tests, in the style of Iceberg's own
 * {@code TestTables.TestTableOperations.failCommits(n)}: pass an instance to
 * {@code Lakehouse.open(config, faults)} and every table's operations are wrapped in a
 * {@link FaultyTableOperations}; then arm one of three modes for the next {@code n} commit
 * attempts to one table.
 *
 * <ul>
 *   <li>{@link #failBeforeCommit}: the attempt throws {@link CommitFailedException} before the
 *       catalog is touched (a lost race, a catalog outage).</li>
 *   <li>{@link #failAfterCommit}: the metadata commit really happens, then
 *       {@link CommitStateUnknownException} is thrown (as when the connection drops after the
 *       update).</li>
 *   <li>{@link #busy}: the attempt fails as SQLite does when another process holds the catalog
 *       database's lock past the busy timeout ({@code [SQLITE_BUSY]}), before the catalog is
 *       touched.</li>
 *   <li>{@link #conflict}: another writer commits to the table first, so the real catalog refuses
 *       the attempt as stale and Iceberg refreshes and retries (re-running its validations).</li>
 * </ul>
 *
 * <p>Iceberg retries {@link CommitFailedException} per the table's {@code commit.retry.*}
 * properties, so a test expecting a failed commit either arms more failures than retries or calls
 * {@link #disableRetries(Table)} first, as Iceberg's tests do. Commits that create a table are
 * never faulted. Thread-safe.
 */
public final class CommitFaults implements TableOpsDecorator {
  /** What an armed commit attempt does. */
  enum Mode {
    FAIL_BEFORE_COMMIT, FAIL_AFTER_COMMIT, CONFLICT, BUSY
  }

  private static final ThreadLocal<Boolean> BYPASS = ThreadLocal.withInitial(() -> false);

  private Mode mode;
  private String table;
  private int remaining;
  private Runnable otherWriter;
  private int injected;

  @Override
  public TableOperations decorate(TableIdentifier id, TableOperations ops) {
    return new FaultyTableOperations(id, ops, this);
  }

  /** The next {@code n} commit attempts to {@code table} ({@code ns.name}) fail unchanged. */
  public synchronized CommitFaults failBeforeCommit(String table, int n) {
    return arm(Mode.FAIL_BEFORE_COMMIT, table, n, null);
  }

  /** The next {@code n} commit attempts to {@code table} succeed, then report an unknown state. */
  public synchronized CommitFaults failAfterCommit(String table, int n) {
    return arm(Mode.FAIL_AFTER_COMMIT, table, n, null);
  }

  /** The next {@code n} commit attempts to {@code table} fail with SQLite's {@code SQLITE_BUSY}. */
  public synchronized CommitFaults busy(String table, int n) {
    return arm(Mode.BUSY, table, n, null);
  }

  /**
   * Before each of the next {@code n} commit attempts to {@code table}, {@code otherWriter} commits
   * to it first (its own commits are not faulted). Run on the committing thread, inside its commit.
   */
  public synchronized CommitFaults conflict(String table, int n, Runnable otherWriter) {
    return arm(Mode.CONFLICT, table, n, Objects.requireNonNull(otherWriter, "otherWriter is null"));
  }

  /** Like {@link #conflict(String, int, Runnable)}, the other writer changing only a property. */
  public synchronized CommitFaults conflict(String table, int n) {
    return arm(Mode.CONFLICT, table, n, null);
  }

  /** Disarms: later commits pass straight through. */
  public synchronized void clear() {
    remaining = 0;
    otherWriter = null;
  }

  /** How many faults fired so far. */
  public synchronized int injected() {
    return injected;
  }

  /** Sets {@code commit.retry.num-retries} of {@code table} to 0, so one fault fails a commit. */
  public static void disableRetries(Table table) {
    table.updateProperties().set(TableProperties.COMMIT_NUM_RETRIES, "0").commit();
  }

  private CommitFaults arm(Mode m, String t, int n, Runnable writer) {
    if (n < 0) {
      throw new IllegalArgumentException("Cannot arm " + n + " faults: must be >= 0");
    }
    this.mode = m;
    this.table = Objects.requireNonNull(t, "table is null");
    this.remaining = n;
    this.otherWriter = writer;
    return this;
  }

  /** The fault for this attempt, or null; counts it as fired. */
  private synchronized Mode take(TableIdentifier id, TableMetadata base) {
    if (BYPASS.get() || base == null || remaining == 0 || !id.toString().equals(table)) {
      return null;
    }
    remaining--;
    injected++;
    return mode;
  }

  private synchronized Runnable otherWriter() {
    return otherWriter;
  }

  /** Called by {@link FaultyTableOperations#commit} instead of the delegate's commit. */
  void commit(TableIdentifier id, TableOperations delegate, TableMetadata base,
      TableMetadata metadata) {
    Mode m = take(id, base);
    if (m == null) {
      delegate.commit(base, metadata);
      return;
    }
    switch (m) {
      case FAIL_BEFORE_COMMIT -> throw new CommitFailedException(
          "Injected commit failure for %s (CommitFaults.failBeforeCommit)", id);
      case FAIL_AFTER_COMMIT -> {
        delegate.commit(base, metadata);
        throw new CommitStateUnknownException(new RuntimeException("Injected failure after the "
            + "commit to " + id + " succeeded (CommitFaults.failAfterCommit)"));
      }
      case BUSY -> throw new IllegalStateException("Injected busy catalog for " + id,
          new SQLException("[SQLITE_BUSY] The database file is locked (database is locked) "
              + "(CommitFaults.busy)"));
      case CONFLICT -> {
        runOtherWriter(delegate);
        delegate.commit(base, metadata);
      }
    }
  }

  private void runOtherWriter(TableOperations delegate) {
    Runnable writer = otherWriter();
    BYPASS.set(true);
    try {
      if (writer != null) {
        writer.run();
      } else {
        TableMetadata latest = delegate.refresh();
        delegate.commit(latest, TableMetadata.buildFrom(latest)
            .setProperties(Map.of("test.conflicting-writer", String.valueOf(injected())))
            .build());
      }
    } finally {
      BYPASS.set(false);
    }
  }
}
