package dev.mmlake.engine.iceberg;

import dev.mmlake.engine.exec.ScanStats;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.iceberg.FileScanTask;

/**
 * The batches of a list of scan tasks (rows or column batches), read by up to {@code threads}
 * tasks at once and handed out in task order, so the result is the same as a sequential read
 * whatever the thread count. Each running task may queue {@value #QUEUED_BATCHES} batches ahead of
 * the consumer, and more while their estimated size stays within {@value #READ_AHEAD_BYTES}
 * bytes ({@link TaskQueue}), which bounds memory; closing early (LIMIT) stops the readers at their next batch.
 * Every task started counts as a file scanned and its decoded rows as rows read.
 *
 * @param <T> what a task's reader hands out
 */
final class ParallelReads<T> implements AutoCloseable {
  /** Reads one task, handing each batch to the sink; returns rows decoded. */
  @FunctionalInterface
  interface TaskReader<T> {
    long read(FileScanTask task, Consumer<T> sink) throws IOException;
  }

  static final int QUEUED_BATCHES = 4;
  static final long READ_AHEAD_BYTES = 8L << 20;
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();
  /** Readers block on their consumer, so the pool grows instead of queueing (no deadlock). */
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "mmlake-scan-" + THREAD_IDS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });
  private static final Object DONE = new Object();

  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("scan closed", null, false, false);
    }
  }

  /** A batch in a task's queue (wrapped so that a batch is never mistaken for a signal). */
  private record Item<T>(T batch) {
  }

  private final List<FileScanTask> tasks;
  private final int threads;
  private final TaskReader<T> reader;
  private final ScanStats stats;
  private final ToLongFunction<T> sizer;
  private final ArrayDeque<TaskQueue> running = new ArrayDeque<>();
  private volatile boolean closed;
  private int nextTask;

  /**
   * @param sizer a batch's estimated bytes in memory, for the read-ahead budget
   */
  ParallelReads(List<FileScanTask> tasks, int threads, TaskReader<T> reader,
      ToLongFunction<T> sizer, ScanStats stats) {
    this.tasks = tasks;
    this.sizer = sizer;
    this.threads = Math.max(1, threads);
    this.reader = reader;
    this.stats = stats;
  }

  /** The next batch in task order, or null after the last one. */
  @SuppressWarnings("unchecked")
  T next() {
    while (true) {
      start();
      TaskQueue head = running.peek();
      if (head == null) {
        return null;
      }
      Object next = take(head);
      if (next instanceof Item<?> item) {
        return (T) item.batch();
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
      TaskQueue out = new TaskQueue(QUEUED_BATCHES + 1, READ_AHEAD_BYTES);
      running.add(out);
      stats.fileScanned();
      POOL.execute(() -> readTask(task, out));
    }
  }

  private void readTask(FileScanTask task, TaskQueue out) {
    try {
      long rows = reader.read(task, batch -> put(out, new Item<>(batch), sizer.applyAsLong(batch)));
      stats.rowsRead(rows);
      put(out, DONE, 0);
    } catch (Cancelled e) {
      // the consumer closed the scan
    } catch (Throwable t) {
      try {
        put(out, t, 0);
      } catch (Cancelled e) {
        // the consumer closed the scan
      }
    }
  }

  private void put(TaskQueue out, Object item, long size) {
    try {
      while (!closed) {
        if (out.offer(item, size, 50)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new Cancelled();
  }

  private Object take(TaskQueue head) {
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

  /** Stops the readers at their next batch and drops what they queued. */
  @Override
  public void close() {
    closed = true;
    running.forEach(TaskQueue::clear);
    running.clear();
  }
}
