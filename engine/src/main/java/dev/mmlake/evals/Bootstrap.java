package dev.mmlake.evals;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap of a mean, or of a paired difference of means: {@value #RESAMPLES}
 * resamples with replacement, seeded, so the same values always give the same interval.
 */
public final class Bootstrap {
  static final int RESAMPLES = 1000;

  private Bootstrap() {
  }

  /** A mean and its 95% interval. */
  public record Estimate(double mean, double low, double high) {
  }

  /** The mean of {@code values} and its 95% percentile-bootstrap interval. */
  public static Estimate mean(double[] values, long seed) {
    if (values.length == 0) {
      return new Estimate(Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = Arrays.stream(values).sum() / values.length;
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[RESAMPLES];
    for (int b = 0; b < RESAMPLES; b++) {
      double s = 0;
      for (int i = 0; i < values.length; i++) {
        s += values[random.nextInt(values.length)];
      }
      means[b] = s / values.length;
    }
    Arrays.sort(means);
    return new Estimate(mean, means[(int) (0.025 * RESAMPLES)],
        means[(int) (0.975 * RESAMPLES) - 1]);
  }

  /**
   * Paired bootstrap of a difference of means: {@code a[i]} and {@code b[i]} are one sample (the
   * same query) measured twice, and each resample draws whole pairs, so what the two have in
   * common (an easy or hard query) cancels. Returns the mean of {@code b[i] - a[i]} and its 95%
   * percentile interval.
   */
  public static Estimate pairedDifference(double[] a, double[] b, long seed) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("A paired bootstrap needs as many values on each side, "
          + "got " + a.length + " and " + b.length);
    }
    double[] differences = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      differences[i] = b[i] - a[i];
    }
    return mean(differences, seed);
  }
}
