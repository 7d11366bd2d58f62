package dev.mmlake.engine.iceberg;

/**
 * Receives the rows of a scan, one at a time, in the scan's read-column order. The only consumer
 * today is {@link ScanAggregation}; a columnar reader can add a batch method here and feed it
 * vectors instead.
 */
public interface ScanRowSink {
  /** One row; the array may be reused by the caller after this returns. */
  void accept(Object[] row);
}
