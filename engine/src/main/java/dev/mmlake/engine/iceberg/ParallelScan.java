package dev.mmlake.engine.iceberg;

import dev.mmlake.engine.exec.ScanStats;
import dev.mmlake.engine.iceberg.columnar.ColumnVector;
import dev.mmlake.engine.iceberg.columnar.ColumnarParquetReader;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.iceberg.FileScanTask;

/**
 * Rows of a list of scan tasks for Calcite, read in parallel and in task order by
 * {@link ParallelReads}; closing the enumerator early (LIMIT) stops the readers.
 */
final class ParallelScan implements Enumerator<Object[]> {
  /** Reads one task, handing each batch of rows to the sink; returns rows decoded. */
  @FunctionalInterface
  interface TaskReader {
    long read(FileScanTask task, ColumnarParquetReader.BatchSink sink) throws IOException;
  }

  private record Batch(Object[][] rows, int count) {
  }

  private final ParallelReads<Batch> reads;
  private Object[][] batch;
  private int batchSize;
  private int pos;
  private Object[] current;

  ParallelScan(List<FileScanTask> tasks, int threads, TaskReader reader, ScanStats stats) {
    this.reads = new ParallelReads<>(tasks, threads,
        (task, sink) -> reader.read(task, (rows, count) -> sink.accept(new Batch(rows, count))),
        ParallelScan::estimatedBytes, stats);
  }

  /** A batch's rows estimated from its first: rows of one scan are alike. */
  private static long estimatedBytes(Batch b) {
    if (b.count() == 0) {
      return 0;
    }
    long row = 16;
    for (Object v : b.rows()[0]) {
      row += ColumnVector.objectBytes(v);
    }
    return row * b.count();
  }

  @Override
  public Object[] current() {
    if (current == null) {
      throw new NoSuchElementException();
    }
    return current;
  }

  @Override
  public boolean moveNext() {
    while (true) {
      if (batch != null && pos < batchSize) {
        current = batch[pos];
        batch[pos++] = null;
        return true;
      }
      batch = null;
      Batch next = reads.next();
      if (next == null) {
        current = null;
        return false;
      }
      batch = next.rows();
      batchSize = next.count();
      pos = 0;
    }
  }

  @Override
  public void reset() {
    throw new UnsupportedOperationException("Iceberg scans cannot be reset; re-run the query");
  }

  @Override
  public void close() {
    reads.close();
    batch = null;
  }
}
