package dev.mmlake.dedup;

/**
 * Dot product of two float rows stored at offsets in arrays. {@link #best()} uses
 * {@code jdk.incubator.vector} when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and plain Java otherwise.
 *
 * <p>Contract: {@code dot(a, ao, b, bo, n) == dot(b, bo, a, ao, n)} bit for bit, and a given
 * kernel always sums in the same order, so a pair's similarity never depends on the caller.
 */
public interface Dot {
  float dot(float[] a, int aOffset, float[] b, int bOffset, int length);

  /** A short name for logs and benchmark output. */
  String name();

  /** The fastest kernel this JVM can run. */
  static Dot best() {
    return Holder.BEST;
  }

  /** The portable scalar kernel. */
  static Dot scalar() {
    return new ScalarDot();
  }

  /** Picks the kernel once per JVM. */
  final class Holder {
    static final Dot BEST = pick();

    private Holder() {
    }

    private static Dot pick() {
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return new ScalarDot();
      }
      try {
        return new SimdDot();
      } catch (LinkageError e) {
        return new ScalarDot();
      }
    }
  }
}
