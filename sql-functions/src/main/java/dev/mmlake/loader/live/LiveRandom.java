package dev.mmlake.loader.live;

import dev.mmlake.cas.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The random stream of one live transform on one sample: SplitMix64 seeded with
 * {@code mix(mix(mix(mix(seed) + epoch) + keyHash) + position)}, where {@code mix(x)} is one
 * SplitMix64 step from x, {@code keyHash} the first 8 bytes (big-endian) of sha256 of the sample
 * key in UTF-8 and {@code position} the transform's place in the recipe's list (0, 1, ...). So a
 * sample's augmentation depends only on (seed, epoch, key, position): not on the worker that
 * decodes it, on the shuffle, or on the other transforms. Not thread-safe; one per use.
 */
public final class LiveRandom {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final double DOUBLE_UNIT = 0x1.0p-53;
  private long state;
  private double spareGaussian = Double.NaN;

  public LiveRandom(long state) {
    this.state = state;
  }

  /** The stream of transform {@code position} for sample {@code key}. */
  public static LiveRandom of(long seed, long epoch, String key, int position) {
    return new LiveRandom(mix(mix(mix(mix(seed) + epoch) + keyHash(key)) + position));
  }

  /** The first 8 bytes of sha256(key), big-endian. */
  static long keyHash(String key) {
    return ByteBuffer.wrap(Sha256.newDigest().digest(key.getBytes(StandardCharsets.UTF_8)))
        .getLong();
  }

  static long mix(long x) {
    long z = x + GOLDEN;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    state += GOLDEN;
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1), 53 bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /** Uniform in [lo, hi). */
  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** Uniform in [0, bound) for bound >= 1, without modulo bias. */
  public int bounded(int bound) {
    long rem = (Long.MAX_VALUE % bound + 1) % bound;
    long limit = Long.MAX_VALUE - rem;
    long r;
    do {
      r = nextLong() >>> 1;
    } while (r > limit);
    return (int) (r % bound);
  }

  /** Standard normal (Marsaglia's polar method; the second value is kept for the next call). */
  public double gaussian() {
    if (!Double.isNaN(spareGaussian)) {
      double g = spareGaussian;
      spareGaussian = Double.NaN;
      return g;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = Math.sqrt(-2 * Math.log(s) / s);
    spareGaussian = v * f;
    return u * f;
  }
}
