package dev.mmlake.catalog;

import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Wraps the {@link TableOperations} of each table a {@link Lakehouse} loads or creates, so that
 * every metadata read and every commit Iceberg makes for that table goes through the wrapper.
 *
 * <p>Production uses {@link #identity()}. Tests pass a decorator to
 * {@link Lakehouse#open(LakehouseConfig, TableOpsDecorator)} to observe commits or inject faults,
 * the way Iceberg's own tests wrap table operations.
 *
 * <p>Contract: an implementation returns operations that honour {@link TableOperations}'s own
 * contract for the same table (a wrapper may fail a commit, but must never report a commit that did
 * not happen as successful), and must be thread-safe: the lakehouse calls it from any thread.
 */
@FunctionalInterface
public interface TableOpsDecorator {
  /** Returns the operations to use for table {@code id}; {@code ops} are the catalog's own. */
  TableOperations decorate(TableIdentifier id, TableOperations ops);

  /** The decorator that returns the catalog's operations unchanged. */
  static TableOpsDecorator identity() {
    return (id, ops) -> ops;
  }
}
