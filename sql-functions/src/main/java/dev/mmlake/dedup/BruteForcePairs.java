package dev.mmlake.dedup;

import java.util.List;
import java.util.function.Supplier;

/**
 * Exact all-pairs search, blocked so that two blocks of rows stay in cache while every pair
 * between them is compared. Work per task is one row block against itself and all later blocks.
 */
public final class BruteForcePairs {
  static final int BLOCK = 64;

  private BruteForcePairs() {
  }

  /** Sends every pair with cosine {@code >= threshold} to a per-thread sink. */
  static <S extends PairSink> List<S> allPairs(VectorSet set, Dot dot, double threshold,
      int threads, Supplier<S> sinks) {
    int n = set.size();
    int blocks = (n + BLOCK - 1) / BLOCK;
    return Parallel.run(blocks, threads, sinks, (sink, bi) -> {
      int iStart = bi * BLOCK;
      int iEnd = Math.min(n, iStart + BLOCK);
      for (int jStart = iStart; jStart < n; jStart += BLOCK) {
        int jEnd = Math.min(n, jStart + BLOCK);
        for (int p = iStart; p < iEnd; p++) {
          for (int q = Math.max(jStart, p + 1); q < jEnd; q++) {
            float s = set.cosine(dot, p, q);
            if (s >= threshold) {
              sink.accept(p, q, s);
            }
          }
        }
      }
    });
  }

  /**
   * Compares each of {@code queries} (positions) against all other positions and sends pairs with
   * cosine {@code >= threshold}, as {@code (min, max)} positions. Used to measure recall.
   */
  public static <S extends PairSink> List<S> queryPairs(VectorSet set, Dot dot, int[] queries,
      double threshold, int threads, Supplier<S> sinks) {
    int n = set.size();
    int qBlocks = (queries.length + BLOCK - 1) / BLOCK;
    return Parallel.run(qBlocks, threads, sinks, (sink, qb) -> {
      int qStart = qb * BLOCK;
      int qEnd = Math.min(queries.length, qStart + BLOCK);
      for (int jStart = 0; jStart < n; jStart += 4 * BLOCK) {
        int jEnd = Math.min(n, jStart + 4 * BLOCK);
        for (int k = qStart; k < qEnd; k++) {
          int p = queries[k];
          for (int q = jStart; q < jEnd; q++) {
            if (q != p) {
              float s = set.cosine(dot, p, q);
              if (s >= threshold) {
                sink.accept(Math.min(p, q), Math.max(p, q), s);
              }
            }
          }
        }
      }
    });
  }
}
