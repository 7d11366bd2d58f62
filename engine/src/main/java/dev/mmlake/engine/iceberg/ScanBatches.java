package dev.mmlake.engine.iceberg;

import dev.mmlake.engine.iceberg.columnar.ColumnBatch;

/**
 * The column batches of one {@link IcebergScan}, in task order, read ahead by up to
 * {@code scan.threads} threads. Read them on one thread; close to stop the readers early.
 */
public final class ScanBatches implements AutoCloseable {
  private final ParallelReads<ColumnBatch> reads;
  private final ScanCondition condition;
  private final int[] outputs;
  private long skip;
  private final long fetch;
  private long returned;

  /**
   * @param condition selects the rows to return (null: all), before OFFSET/FETCH
   * @param outputs result column {@code c} is scan column {@code outputs[c]}; null: as read
   * @param offset selected rows to skip first
   * @param fetch most rows to return, -1 for all
   */
  ScanBatches(ParallelReads<ColumnBatch> reads, ScanCondition condition, int[] outputs,
      long offset, long fetch) {
    this.reads = reads;
    this.condition = condition;
    this.outputs = outputs;
    this.skip = offset;
    this.fetch = fetch;
  }

  /** The next batch with at least one selected row, or null after the last one. */
  public ColumnBatch next() {
    while (fetch < 0 || returned < fetch) {
      ColumnBatch b = reads.next();
      if (b == null) {
        return null;
      }
      if (condition != null) {
        b = condition.select(b);
      }
      int n = b.selectedCount();
      int from = (int) Math.min(skip, n);
      skip -= from;
      int to = fetch < 0 ? n : (int) Math.min(n, from + (fetch - returned));
      if (from >= to) {
        continue;
      }
      returned += to - from;
      b = b.slice(from, to);
      return outputs == null ? b : b.project(outputs);
    }
    reads.close(); // LIMIT reached: stop the readers
    return null;
  }

  @Override
  public void close() {
    reads.close();
  }
}
