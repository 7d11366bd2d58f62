package dev.mmlake.catalog;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Exponential backoff with jitter between commit attempts, configured like Iceberg's own commit
 * retries by a table's {@code commit.retry.num-retries}, {@code commit.retry.min-wait-ms},
 * {@code commit.retry.max-wait-ms} and {@code commit.retry.total-timeout-ms}.
 */
final class CommitBackoff {
  private final int maxRetries;
  private final long minWaitMs;
  private final long maxWaitMs;
  private final long deadline;
  private int retries;

  CommitBackoff(Map<String, String> tableProperties) {
    this.maxRetries = PropertyUtil.propertyAsInt(tableProperties,
        TableProperties.COMMIT_NUM_RETRIES, TableProperties.COMMIT_NUM_RETRIES_DEFAULT);
    this.minWaitMs = PropertyUtil.propertyAsLong(tableProperties,
        TableProperties.COMMIT_MIN_RETRY_WAIT_MS, TableProperties.COMMIT_MIN_RETRY_WAIT_MS_DEFAULT);
    this.maxWaitMs = PropertyUtil.propertyAsLong(tableProperties,
        TableProperties.COMMIT_MAX_RETRY_WAIT_MS, TableProperties.COMMIT_MAX_RETRY_WAIT_MS_DEFAULT);
    long total = PropertyUtil.propertyAsLong(tableProperties,
        TableProperties.COMMIT_TOTAL_RETRY_TIME_MS,
        TableProperties.COMMIT_TOTAL_RETRY_TIME_MS_DEFAULT);
    this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(total);
  }

  /** Waits before the next attempt; false (without waiting) when no attempt is left. */
  boolean next() {
    if (retries >= maxRetries || System.nanoTime() >= deadline) {
      return false;
    }
    long wait = Math.min(maxWaitMs, minWaitMs * (1L << Math.min(retries, 20)));
    wait += ThreadLocalRandom.current().nextLong(Math.max(1, wait / 10));
    retries++;
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait));
    return !Thread.currentThread().isInterrupted();
  }

  /** Retries made so far. */
  int retries() {
    return retries;
  }
}
