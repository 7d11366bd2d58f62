package dev.mmlake.catalog;

import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Appends that belong to the running statement: they are committed (one snapshot per table) when
 * the statement succeeds and discarded when it fails. SQL functions use it to write side tables
 * such as the embedding cache, so a failed query leaves no half-written cache rows.
 */
public interface PendingWrites {
  /** The statement's pending append to {@code id}, created on first use. */
  TableAppender appender(TableIdentifier id, Table table);
}
