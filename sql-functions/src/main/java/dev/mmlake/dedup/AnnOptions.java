package dev.mmlake.dedup;

import dev.mmlake.error.InvalidArgumentException;

/**
 * How {@link AnnDedup} searches.
 *
 * @param method {@link Method#AUTO} uses brute force below {@code bruteForceMax} vectors, LSH above
 * @param bruteForceMax the largest input that AUTO compares exhaustively
 * @param targetRecall the modelled share of pairs at exactly the threshold that LSH must find
 * @param seed seed of the LSH hyperplanes (a fixed seed keeps runs reproducible)
 * @param threads worker threads
 */
public record AnnOptions(Method method, int bruteForceMax, double targetRecall, long seed,
    int threads) {
  public static final int DEFAULT_BRUTE_FORCE_MAX = 20_000;
  public static final double DEFAULT_TARGET_RECALL = 0.97;
  public static final long DEFAULT_SEED = 0x6d6d6c616b65L;

  /** Search strategy. */
  public enum Method { AUTO, BRUTE_FORCE, LSH }

  public AnnOptions {
    if (method == null) {
      throw new IllegalArgumentException("method is null");
    }
    if (targetRecall <= 0 || targetRecall >= 1) {
      throw new InvalidArgumentException(
          "targetRecall must be in (0, 1), got " + targetRecall + "; 0.97 is the default");
    }
    if (threads < 1) {
      throw new InvalidArgumentException("threads must be at least 1, got " + threads);
    }
  }

  /** AUTO, 20,000, 0.97, the fixed default seed, one thread per available processor. */
  public static AnnOptions defaults() {
    return new AnnOptions(Method.AUTO, DEFAULT_BRUTE_FORCE_MAX, DEFAULT_TARGET_RECALL,
        DEFAULT_SEED, Runtime.getRuntime().availableProcessors());
  }

  public AnnOptions withMethod(Method m) {
    return new AnnOptions(m, bruteForceMax, targetRecall, seed, threads);
  }

  public AnnOptions withThreads(int n) {
    return new AnnOptions(method, bruteForceMax, targetRecall, seed, n);
  }

  public AnnOptions withTargetRecall(double r) {
    return new AnnOptions(method, bruteForceMax, r, seed, threads);
  }
}
