package dev.mmlake.catalog;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;

/**
 * The outermost {@link TableOperations} of every table: a commit the catalog database refused
 * because another process held its lock ({@code SQLITE_BUSY} after the driver's busy timeout)
 * becomes a {@link CommitFailedException}, so Iceberg refreshes, re-applies the change and retries
 * it under the table's {@code commit.retry.*} properties, exactly as for a lost optimistic race.
 *
 * <p>That is safe because a refused statement did not run: the catalog's compare-and-swap of the
 * metadata location either happened or was locked out; a lock refusal is never an unknown outcome.
 * A {@link CommitStateUnknownException} passes through unchanged. Counts every failed attempt
 * (conflicts and busy refusals) for {@link Lakehouse#commitRetries()}.
 */
final class BusyRetryingOperations extends ForwardingTableOperations {
  private final TableIdentifier id;
  private final AtomicLong processRetries;
  private final AtomicInteger busyRefusals = new AtomicInteger();

  BusyRetryingOperations(TableIdentifier id, TableOperations delegate, AtomicLong processRetries) {
    super(delegate);
    this.id = id;
    this.processRetries = processRetries;
  }

  /** Commit attempts of this table handle the catalog refused as busy, so far. */
  int busyRefusals() {
    return busyRefusals.get();
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    try {
      delegate().commit(base, metadata);
    } catch (CommitStateUnknownException e) {
      throw e;
    } catch (CommitFailedException e) {
      processRetries.incrementAndGet();
      if (CatalogBusyException.isBusy(e)) {
        busyRefusals.incrementAndGet();
      }
      throw e;
    } catch (RuntimeException e) {
      if (base == null || !CatalogBusyException.isBusy(e)) {
        throw e; // creating a table: Iceberg reads a failed create as "created concurrently"
      }
      processRetries.incrementAndGet();
      busyRefusals.incrementAndGet();
      throw new CommitFailedException(e, "Catalog busy: another process holds the catalog "
          + "database's lock; the commit to %s did not happen and will be retried", id);
    }
  }
}
