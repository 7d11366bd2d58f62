package dev.mmlake.catalog;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

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
final class BusyRetryingOperations implements TableOperations {
  private final TableIdentifier id;
  private final TableOperations delegate;
  private final AtomicLong processRetries;
  private final AtomicInteger busyRefusals = new AtomicInteger();

  BusyRetryingOperations(TableIdentifier id, TableOperations delegate, AtomicLong processRetries) {
    this.id = id;
    this.delegate = delegate;
    this.processRetries = processRetries;
  }

  /** Commit attempts of this table handle the catalog refused as busy, so far. */
  int busyRefusals() {
    return busyRefusals.get();
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    try {
      delegate.commit(base, metadata);
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

  @Override
  public TableMetadata current() {
    return delegate.current();
  }

  @Override
  public TableMetadata refresh() {
    return delegate.refresh();
  }

  @Override
  public FileIO io() {
    return delegate.io();
  }

  @Override
  public EncryptionManager encryption() {
    return delegate.encryption();
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return delegate.metadataFileLocation(fileName);
  }

  @Override
  public LocationProvider locationProvider() {
    return delegate.locationProvider();
  }

  @Override
  public TableOperations temp(TableMetadata uncommittedMetadata) {
    return delegate.temp(uncommittedMetadata);
  }

  @Override
  public long newSnapshotId() {
    return delegate.newSnapshotId();
  }

  @Override
  public boolean requireStrictCleanup() {
    return delegate.requireStrictCleanup();
  }
}
