package dev.mmlake.shards;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The seeded sample order of a shard set, specified so that any JVM (or a 10-line Python port,
 * see docs/shards.md) reproduces it:
 * <ol>
 *   <li>sort the samples by item id ({@link String#compareTo}, i.e. UTF-16 code units);</li>
 *   <li>run a Fisher-Yates shuffle, {@code for i = n-1 down to 1: swap(i, j)} with
 *       {@code j = bounded(i + 1)};</li>
 *   <li>random numbers come from SplitMix64 with state {@code seed}: {@code state += 0x9E3779B97F4A7C15;
 *       z = state; z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >>> 27)) *
 *       0x94D049BB133111EB; return z ^ (z >>> 31)} (64-bit wrapping arithmetic);</li>
 *   <li>{@code bounded(b)}: draw {@code r = next() >>> 1} (63 bits) until
 *       {@code r < 2^63 - (2^63 mod b)}, then return {@code r mod b} (no modulo bias).</li>
 * </ol>
 * The order does not depend on the input order, the thread count or the JVM.
 */
public final class ShardShuffle {
  private long state;

  private ShardShuffle(long seed) {
    this.state = seed;
  }

  /** {@code items} sorted by {@code id}, then shuffled with {@code seed}. Ids must be unique. */
  public static <T> List<T> shuffle(List<T> items, Function<T, String> id, long seed) {
    List<T> out = new ArrayList<>(items);
    out.sort(Comparator.comparing(id));
    ShardShuffle rng = new ShardShuffle(seed);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = (int) rng.bounded(i + 1);
      T t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return out;
  }

  /** The next SplitMix64 value. */
  long next() {
    state += 0x9E3779B97F4A7C15L;
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound) for bound >= 1. */
  long bounded(long bound) {
    // 2^63 mod bound, computed without overflow: (Long.MAX_VALUE mod b + 1) mod b.
    long rem = (Long.MAX_VALUE % bound + 1) % bound;
    long limit = Long.MAX_VALUE - rem; // accept r <= limit, i.e. r < 2^63 - rem
    long r;
    do {
      r = next() >>> 1;
    } while (r > limit);
    return r % bound;
  }

  static ShardShuffle seeded(long seed) {
    return new ShardShuffle(seed);
  }
}
