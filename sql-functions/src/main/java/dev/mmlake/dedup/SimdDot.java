package dev.mmlake.dedup;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Dot product on the JVM's preferred SIMD width, two vector accumulators. */
final class SimdDot implements Dot {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int W = S.length();

  @Override
  public float dot(float[] a, int ao, float[] b, int bo, int n) {
    FloatVector acc0 = FloatVector.zero(S);
    FloatVector acc1 = FloatVector.zero(S);
    int i = 0;
    for (; i + 2 * W <= n; i += 2 * W) {
      acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
      acc1 = FloatVector.fromArray(S, a, ao + i + W)
          .fma(FloatVector.fromArray(S, b, bo + i + W), acc1);
    }
    for (; i + W <= n; i += W) {
      acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
    }
    float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }

  @Override
  public String name() {
    return "simd" + S.vectorBitSize();
  }
}
