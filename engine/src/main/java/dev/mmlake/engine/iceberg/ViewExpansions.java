package dev.mmlake.engine.iceberg;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the views a session's namespaces handed to Calcite for expansion. A view's SQL can be
 * replaced without any table changing, and an expanded plan keeps no trace of the view, so a plan
 * cache compares the count before and after preparing and does not keep a plan that expanded one.
 */
public final class ViewExpansions {
  private final AtomicLong count = new AtomicLong();

  /** Views resolved so far. */
  public long count() {
    return count.get();
  }

  void resolved() {
    count.incrementAndGet();
  }
}
