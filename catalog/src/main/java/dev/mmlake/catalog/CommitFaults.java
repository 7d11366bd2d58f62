package dev.mmlake.catalog;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * Hand-written fault injection for commits: fails the next {@code n} commits of data to the
 * lakehouse, before the catalog pointer moves, the way a lost optimistic-concurrency race or a
 * catalog outage would. For tests; the default injects nothing.
 */
public final class CommitFaults {
  public static final CommitFaults NONE = new CommitFaults(0, null);

  private final AtomicInteger remaining;
  private final String tableFilter;

  private CommitFaults(int n, String tableFilter) {
    this.remaining = new AtomicInteger(n);
    this.tableFilter = tableFilter;
  }

  /** Fails the next {@code n} commits to the table named {@code dottedName}. */
  public static CommitFaults failNext(int n, String dottedName) {
    return new CommitFaults(n, dottedName);
  }

  void beforeCommit(String table) {
    if (tableFilter != null && !tableFilter.equals(table)) {
      return;
    }
    if (remaining.getAndUpdate(r -> Math.max(0, r - 1)) > 0) {
      throw new CommitFailedException("Injected commit failure for %s", table);
    }
  }
}
