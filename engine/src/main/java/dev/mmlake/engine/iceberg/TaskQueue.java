package dev.mmlake.engine.iceberg;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What one task's reader has read ahead of the consumer of a {@link ParallelReads}: always room
 * for {@code minItems}, and for more while the items' estimated bytes stay within
 * {@code budgetBytes}. Narrow batches (a few primitive columns) then queue a whole task ahead, so
 * that every reader thread keeps working while the consumer is still on an earlier task; wide
 * ones (embedding vectors) stop at a few batches, which bounds memory.
 */
final class TaskQueue {
  private final int minItems;
  private final long budgetBytes;
  private final ArrayDeque<Object> items = new ArrayDeque<>();
  private final ArrayDeque<Long> sizes = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private long bytes;

  TaskQueue(int minItems, long budgetBytes) {
    this.minItems = minItems;
    this.budgetBytes = budgetBytes;
  }

  /**
   * Queues {@code item} of about {@code size} bytes, waiting up to {@code timeoutMillis} for
   * room; false when there was none in time.
   */
  boolean offer(Object item, long size, long timeoutMillis) throws InterruptedException {
    long wait = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    lock.lockInterruptibly();
    try {
      while (items.size() >= minItems && bytes + size > budgetBytes) {
        if (wait <= 0) {
          return false;
        }
        wait = notFull.awaitNanos(wait);
      }
      items.add(item);
      sizes.add(size);
      bytes += size;
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The oldest item, waiting for one. */
  Object take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (items.isEmpty()) {
        notEmpty.await();
      }
      bytes -= sizes.remove();
      notFull.signal();
      return items.remove();
    } finally {
      lock.unlock();
    }
  }

  /** Drops everything queued. */
  void clear() {
    lock.lock();
    try {
      items.clear();
      sizes.clear();
      bytes = 0;
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
