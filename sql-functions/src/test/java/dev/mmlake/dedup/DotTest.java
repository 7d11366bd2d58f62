package dev.mmlake.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DotTest {
  @Test
  void kernelsAgreeWithDoublePrecisionAndAreSymmetric() {
    Random random = new Random(4);
    for (int dim : new int[] {1, 7, 16, 33, 384, 515}) {
      float[] a = new float[dim + 3];
      float[] b = new float[dim + 5];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) random.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) random.nextGaussian();
      }
      double exact = 0;
      for (int d = 0; d < dim; d++) {
        exact += (double) a[3 + d] * b[5 + d];
      }
      for (Dot dot : new Dot[] {Dot.scalar(), Dot.best()}) {
        float s = dot.dot(a, 3, b, 5, dim);
        assertThat((double) s).as(dot.name() + " dim " + dim).isCloseTo(exact, within(1e-3));
        assertThat(dot.dot(b, 5, a, 3, dim)).isEqualTo(s);
      }
    }
    // surefire adds the incubator module, so the SIMD kernel is the one under test
    assertThat(Dot.best().name()).startsWith("simd");
  }
}
