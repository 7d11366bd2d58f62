package dev.mmlake.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;

/**
 * The one path by which mmlake commits new data files to a table: appends, copy-on-write
 * overwrites and transactions (a dataset version's replace-and-tag). Obtain it from
 * {@link Lakehouse#committer()}. Thread-safe.
 *
 * <p>Contract of every commit method, given the data files {@code written} for the commit:
 * <ul>
 *   <li>The commit runs under this process's lock for the table, so commits from one process to
 *       one table never race each other. Writers in other processes are handled by Iceberg's
 *       optimistic concurrency: on {@link CommitFailedException} it refreshes, re-applies the
 *       change (re-running its validations) and retries, per the table's {@code commit.retry.*}
 *       properties.</li>
 *   <li>Content-store blobs stored before the call are on stable storage before the catalog
 *       pointer moves, so no committed row points to a blob a crash could lose.</li>
 *   <li>Success: the new snapshot id is returned; the table references {@code written}.</li>
 *   <li>Failure (any exception except the one below): the table is unchanged and {@code written}
 *       is deleted. A conflict with another writer that Iceberg's retry cannot resolve (its
 *       validations fail: {@link ValidationException}) is reported as
 *       {@link CommitFailedException}, which means "unchanged, run it again".</li>
 *   <li>A busy catalog (another process holds its database lock past the driver's busy timeout)
 *       counts as a failed attempt and is retried the same way, since the refused statement did
 *       not run. If it is still busy after the last retry, {@link CatalogBusyException}
 *       ({@code CATALOG_BUSY}) says so; the table is unchanged.</li>
 *   <li>Unknown outcome (Iceberg's {@link CommitStateUnknownException}): the commit may have
 *       happened, so {@code written} is kept and {@link CommitOutcomeUnknownException} is thrown.
 *       Nothing is deleted after that point.</li>
 * </ul>
 */
public final class TableCommitter {
  private final Lakehouse lakehouse;

  TableCommitter(Lakehouse lakehouse) {
    this.lakehouse = Objects.requireNonNull(lakehouse, "lakehouse is null");
  }

  /** Appends {@code files} to {@code table} as one snapshot and returns its id. */
  public long append(Table table, List<DataFile> files) {
    return commit(table, files, retryingBusy(table, () -> {
      table.refresh();
      AppendFiles append = table.newAppend();
      files.forEach(append::appendFile);
      append.commit();
      return table.currentSnapshot().snapshotId();
    }));
  }

  /**
   * Appends {@code files} skipping the rows whose key another writer committed after the
   * snapshot {@code unique} was checked against ({@link UniqueAppend}); {@code files} is updated
   * in place when rows are dropped. Returns the snapshot id, or -1 when no row was left.
   */
  long appendUnique(Table table, List<DataFile> files, UniqueAppend unique) {
    return commit(table, files, retryingBusy(table, () -> unique.commit(lakehouse, table, files)));
  }

  /**
   * Replaces {@code removed} with {@code added} in one overwrite snapshot and returns its id. The
   * commit is refused, leaving the table unchanged, if another writer added or deleted data after
   * {@code baseSnapshotId}: the caller read that snapshot, so its result would be wrong.
   *
   * @throws CommitFailedException naming the conflict when another writer changed the data
   *     (Iceberg's retry re-runs the validations and they fail)
   */
  public long overwrite(Table table, Iterable<DataFile> removed, List<DataFile> added,
      long baseSnapshotId) {
    return commit(table, added, retryingBusy(table, () -> {
      table.refresh();
      OverwriteFiles ow = table.newOverwrite();
      removed.forEach(ow::deleteFile);
      added.forEach(ow::addFile);
      ow.validateFromSnapshot(baseSnapshotId);
      ow.conflictDetectionFilter(Expressions.alwaysTrue());
      ow.validateNoConflictingData();
      ow.validateNoConflictingDeletes();
      ow.commit();
      return table.currentSnapshot().snapshotId();
    }));
  }

  /**
   * Replaces {@code removed} with {@code added}, which hold the same rows, in one {@code replace}
   * snapshot (Iceberg's {@code RewriteFiles}, as compaction does) and returns its id. Appends by
   * other writers since {@code baseSnapshotId} do not conflict; the commit is refused, leaving the
   * table unchanged, if one of {@code removed} was deleted or got row-level deletes meanwhile.
   *
   * @throws CommitFailedException naming the conflict
   */
  public long rewrite(Table table, Collection<DataFile> removed, List<DataFile> added,
      long baseSnapshotId) {
    Check.argument(table.snapshot(baseSnapshotId) != null, "Snapshot %s of %s does not exist",
        baseSnapshotId, table.name());
    long sequence = table.snapshot(baseSnapshotId).sequenceNumber();
    return commit(table, added, retryingBusy(table, () -> {
      table.refresh();
      RewriteFiles rewrite = table.newRewrite();
      removed.forEach(rewrite::deleteFile);
      added.forEach(rewrite::addFile);
      rewrite.validateFromSnapshot(baseSnapshotId);
      rewrite.dataSequenceNumber(sequence);
      rewrite.commit();
      return table.currentSnapshot().snapshotId();
    }));
  }

  /**
   * Runs {@code commit}, which makes exactly one atomic Iceberg commit to {@code table} (a
   * {@code PendingUpdate.commit()} or {@code Transaction.commitTransaction()}) adding the data
   * files {@code written}, and returns the snapshot id it reports. Use {@link #append} or
   * {@link #overwrite} when they fit; this is for changes that carry more in the same commit, such
   * as a schema change and a tag. {@code commit} is run once: Iceberg's own retries (which
   * include a busy catalog) happen inside it.
   */
  public long commit(Table table, Collection<DataFile> written, LongSupplier commit) {
    TableIdentifier id = identifier(table);
    ReentrantLock lock = lakehouse.commitLock(id);
    lock.lock();
    int refusedBefore = busyRefusals(table);
    try {
      lakehouse.cas().sync(); // blobs the rows point to are durable before the rows are
      return commit.getAsLong();
    } catch (ValidationException e) {
      delete(table, written);
      throw new CommitFailedException(e, "Cannot commit to %s: another writer committed a "
          + "conflicting change since this one was computed (%s); the table is unchanged, run the "
          + "statement again", id, e.getMessage());
    } catch (RuntimeException | Error e) {
      CommitStateUnknownException unknown = unknownState(e);
      if (unknown != null) {
        throw unknown instanceof CommitOutcomeUnknownException u ? u
            : new CommitOutcomeUnknownException(id, unknown);
      }
      delete(table, written);
      if (CatalogBusyException.isBusy(e) && !(e instanceof CatalogBusyException)) {
        int refused = busyRefusals(table) - refusedBefore;
        throw new CatalogBusyException(id, Math.max(0, refused - 1), e);
      }
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code commit} again, after a backoff, when the catalog refused it as busy outside the
   * commit Iceberg retries itself (e.g. while refreshing): a refused statement did not happen,
   * and {@code commit} starts from a refresh. Limits and waits are the table's
   * {@code commit.retry.*} properties.
   */
  private static LongSupplier retryingBusy(Table table, LongSupplier commit) {
    return () -> {
      CommitBackoff backoff = new CommitBackoff(table.properties());
      while (true) {
        try {
          return commit.getAsLong();
        } catch (RuntimeException e) {
          boolean retriedByIceberg = e instanceof CommitFailedException;
          if (retriedByIceberg || !CatalogBusyException.isBusy(e) || unknownState(e) != null
              || !backoff.next()) {
            throw e;
          }
        }
      }
    };
  }

  /** Commit attempts of {@code table}'s handle the catalog refused as busy so far. */
  private static int busyRefusals(Table table) {
    if (table instanceof HasTableOperations h
        && h.operations() instanceof BusyRetryingOperations ops) {
      return ops.busyRefusals();
    }
    return 0;
  }

  /** The catalog identifier of a loaded table ({@code lake.items}). */
  public TableIdentifier identifier(Table table) {
    String n = table.name();
    String prefix = lakehouse.config().catalogName() + ".";
    // JdbcCatalog names tables "<catalog>.<ns>.<table>"
    return TableIdentifier.parse(n.startsWith(prefix) ? n.substring(prefix.length()) : n);
  }

  /** Deletes data files that no snapshot references. Best effort: an orphan is never read. */
  static void delete(Table table, Collection<DataFile> files) {
    for (DataFile f : files) {
      try {
        table.io().deleteFile(f.location());
      } catch (RuntimeException ignored) {
        // an orphan file is unreferenced by any snapshot, so never read
      }
    }
  }

  private static CommitStateUnknownException unknownState(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof CommitStateUnknownException u) {
        return u;
      }
    }
    return null;
  }
}
