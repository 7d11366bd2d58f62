package dev.mmlake.engine.iceberg.columnar;

/** Receives the batches of a scan task in order; each batch is the sink's to keep. */
@FunctionalInterface
public interface ColumnBatchSink {
  void accept(ColumnBatch batch);
}
