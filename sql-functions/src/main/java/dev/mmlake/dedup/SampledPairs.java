package dev.mmlake.dedup;

import java.util.HashSet;
import java.util.Set;

/**
 * Collects the distinct pairs that touch a sample of positions; used to measure recall.
 * Thread-safe.
 */
public final class SampledPairs implements PairSink {
  private final boolean[] sampled;
  private final Set<Long> pairs = new HashSet<>();

  public SampledPairs(boolean[] sampled) {
    this.sampled = sampled;
  }

  @Override
  public void accept(int p, int q, float similarity) {
    if (sampled[p] || sampled[q]) {
      synchronized (pairs) {
        pairs.add(((long) p << 32) | q);
      }
    }
  }

  public Set<Long> pairs() {
    synchronized (pairs) {
      return new HashSet<>(pairs);
    }
  }

  /** The share of {@code truth} that {@code found} holds; 1 when truth is empty. */
  public static double recall(Set<Long> truth, Set<Long> found) {
    if (truth.isEmpty()) {
      return 1;
    }
    long hit = truth.stream().filter(found::contains).count();
    return (double) hit / truth.size();
  }
}
