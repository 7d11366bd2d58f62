package dev.mmlake.evals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The paired bootstrap: deterministic for a seed, and narrower than independent intervals. */
class BootstrapTest {
  private static final double[] A = {0.1, 0.9, 0.3, 0.7, 0.5, 0.2, 0.8, 0.4};
  private static final double[] B = {0.2, 1.0, 0.35, 0.8, 0.55, 0.3, 0.85, 0.5};

  @Test
  void theSameSeedGivesTheSameInterval() {
    Bootstrap.Estimate first = Bootstrap.pairedDifference(A, B, 42);
    Bootstrap.Estimate again = Bootstrap.pairedDifference(A, B, 42);
    assertThat(again).isEqualTo(first);
    assertThat(first.mean()).isCloseTo(0.65 / 8, Offset.offset(1e-12));
    assertThat(first.low()).isLessThanOrEqualTo(first.mean());
    assertThat(first.high()).isGreaterThanOrEqualTo(first.mean());
    // every difference is 0.05 or 0.1: the interval lies between them
    assertThat(first.low()).isGreaterThanOrEqualTo(0.05 - 1e-12);
    assertThat(first.high()).isLessThanOrEqualTo(0.1 + 1e-12);
    assertThat(Bootstrap.pairedDifference(A, B, 7)).isNotEqualTo(first);
  }

  @Test
  void pairingCancelsWhatTheSamplesShare() {
    Bootstrap.Estimate paired = Bootstrap.pairedDifference(A, B, 1);
    Bootstrap.Estimate a = Bootstrap.mean(A, 1);
    Bootstrap.Estimate b = Bootstrap.mean(B, 1);
    double ha = (a.high() - a.low()) / 2;
    double hb = (b.high() - b.low()) / 2;
    double independentWidth = 2 * Math.sqrt(ha * ha + hb * hb);
    assertThat(paired.high() - paired.low()).isLessThan(independentWidth / 4);
    assertThat(paired.low()).as("B is better on every sample").isPositive();
  }

  @Test
  void unequalSidesAreRefused() {
    assertThatThrownBy(() -> Bootstrap.pairedDifference(A, new double[] {1}, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 and 1");
  }
}
