package dev.mmlake.catalog.testing;

import dev.mmlake.catalog.ForwardingTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A table-operations double: everything is the catalog's own operations, except that
 * {@link #commit} asks {@link CommitFaults} whether to fail, conflict or pass through.
 */
final class FaultyTableOperations extends ForwardingTableOperations {
  private final TableIdentifier id;
  private final CommitFaults faults;

  FaultyTableOperations(TableIdentifier id, TableOperations delegate, CommitFaults faults) {
    super(delegate);
    this.id = id;
    this.faults = faults;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    faults.commit(id, delegate(), base, metadata);
  }
}
