package dev.mmlake.engine.iceberg;

import dev.mmlake.engine.exec.ScanStats;
import dev.mmlake.engine.iceberg.columnar.ColumnarParquetReader;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.iceberg.FileScanTask;

/**
 * Rows of a list of scan tasks, read by up to {@code threads} tasks at once and handed out in
 * task order, so the result is the same as a sequential read whatever the thread count. Each
 * running task may queue {@value #QUEUED_BATCHES} batches ahead of the consumer, which bounds
 * memory; closing the enumerator early (LIMIT) stops the readers at their next batch.
 */
final class ParallelScan implements Enumerator<Object[]> {
  /** Reads one task, handing each batch of rows to the sink; returns rows decoded. */
  @FunctionalInterface
  interface TaskReader {
    long read(FileScanTask task, ColumnarParquetReader.BatchSink sink) throws IOException;
  }

  static final int QUEUED_BATCHES = 4;
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();
  /** Readers block on their consumer, so the pool grows instead of queueing (no deadlock). */
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "mmlake-scan-" + THREAD_IDS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });
  private static final Object DONE = new Object();

  private record Batch(Object[][] rows, int count) {
  }

  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("scan closed", null, false, false);
    }
  }

  private final List<FileScanTask> tasks;
  private final int threads;
  private final TaskReader reader;
  private final ScanStats stats;
  private final ArrayDeque<BlockingQueue<Object>> running = new ArrayDeque<>();
  private volatile boolean closed;
  private int nextTask;
  private Object[][] batch;
  private int batchSize;
  private int pos;
  private Object[] current;

  ParallelScan(List<FileScanTask> tasks, int threads, TaskReader reader, ScanStats stats) {
    this.tasks = tasks;
    this.threads = Math.max(1, threads);
    this.reader = reader;
    this.stats = stats;
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
      start();
      BlockingQueue<Object> head = running.peek();
      if (head == null) {
        current = null;
        return false;
      }
      Object next = take(head);
      if (next instanceof Batch b) {
        batch = b.rows();
        batchSize = b.count();
        pos = 0;
      } else if (next == DONE) {
        running.poll();
      } else {
        close();
        throw rethrow((Throwable) next);
      }
    }
  }

  private void start() {
    while (!closed && running.size() < threads && nextTask < tasks.size()) {
      FileScanTask task = tasks.get(nextTask++);
      BlockingQueue<Object> out = new ArrayBlockingQueue<>(QUEUED_BATCHES + 1);
      running.add(out);
      stats.fileScanned();
      POOL.execute(() -> readTask(task, out));
    }
  }

  private void readTask(FileScanTask task, BlockingQueue<Object> out) {
    try {
      long rows = reader.read(task, (rows1, count) -> put(out, new Batch(rows1, count)));
      stats.rowsRead(rows);
      put(out, DONE);
    } catch (Cancelled e) {
      // the consumer closed the scan
    } catch (Throwable t) {
      try {
        put(out, t);
      } catch (Cancelled e) {
        // the consumer closed the scan
      }
    }
  }

  private void put(BlockingQueue<Object> out, Object item) {
    try {
      while (!closed) {
        if (out.offer(item, 50, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new Cancelled();
  }

  private Object take(BlockingQueue<Object> head) {
    try {
      return head.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new MmlakeException(ErrorCode.CANCELLED, "The scan was interrupted; run the query "
          + "again");
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof IOException io) {
      return new UncheckedIOException(io);
    }
    return new IllegalStateException(t);
  }

  @Override
  public void reset() {
    throw new UnsupportedOperationException("Iceberg scans cannot be reset; re-run the query");
  }

  @Override
  public void close() {
    closed = true;
    running.forEach(BlockingQueue::clear);
    running.clear();
    batch = null;
  }
}
