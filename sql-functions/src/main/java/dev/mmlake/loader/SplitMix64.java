package dev.mmlake.loader;

/**
 * SplitMix64, the generator of the shard writer's shuffle (docs/shards.md), with the same unbiased
 * {@link #bounded}. {@link #derive} mixes (seed, epoch, stream) into one seed so that each epoch
 * and each worker gets an independent stream.
 */
final class SplitMix64 {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** {@code mix(mix(mix(seed) + epoch) + stream)}, {@code mix(x)} = one SplitMix64 step from x. */
  static long derive(long seed, long epoch, long stream) {
    return mix(mix(mix(seed) + epoch) + stream);
  }

  static long mix(long x) {
    long z = x + GOLDEN;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long next() {
    state += GOLDEN;
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound) for bound >= 1, without modulo bias. */
  int bounded(int bound) {
    long rem = (Long.MAX_VALUE % bound + 1) % bound;
    long limit = Long.MAX_VALUE - rem;
    long r;
    do {
      r = next() >>> 1;
    } while (r > limit);
    return (int) (r % bound);
  }
}
