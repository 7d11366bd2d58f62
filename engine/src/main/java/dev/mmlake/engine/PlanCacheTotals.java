package dev.mmlake.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * Plan cache hits and misses of all sessions of one {@link Engine}, for server metrics
 * ({@code mmlake_plan_cache_hits_total}); each session's own are in {@link Session#planCache()}.
 */
public final class PlanCacheTotals {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** Executions and prepares that took a kept plan. */
  public long hits() {
    return hits.sum();
  }

  /** Cacheable queries that were prepared. */
  public long misses() {
    return misses.sum();
  }

  void hit() {
    hits.increment();
  }

  void miss() {
    misses.increment();
  }
}
