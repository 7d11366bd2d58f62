package dev.mmlake.dedup;

import java.util.SplittableRandom;

/**
 * Seeded synthetic unit vectors for tests and {@link AnnDedupBenchmark}: optional Gaussian
 * clusters around random centres, plus planted near-duplicates (a copy of an earlier row with
 * Gaussian noise of relative size {@code noise}, cosine about {@code 1/sqrt(1+noise^2)}).
 */
public final class SyntheticVectors {
  private SyntheticVectors() {
  }

  /**
   * A row-major matrix of {@code n} unit vectors.
   *
   * @param clusters number of cluster centres; 0 gives uniformly random directions
   * @param spread relative size of a member's offset from its centre
   * @param dupShare share of rows that are near-duplicates of an earlier row
   * @param minNoise smallest near-duplicate noise; each duplicate draws from [minNoise, maxNoise]
   */
  public static float[] generate(int n, int dim, int clusters, double spread, double dupShare,
      double minNoise, double maxNoise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] centres = new float[Math.max(clusters, 0) * dim];
    for (int c = 0; c < clusters; c++) {
      gaussianUnit(random, centres, c * dim, dim);
    }
    float[] out = new float[n * dim];
    double scale = 1 / Math.sqrt(dim);
    for (int i = 0; i < n; i++) {
      int o = i * dim;
      if (i > 0 && random.nextDouble() < dupShare) {
        int base = random.nextInt(i) * dim;
        double noise = minNoise + (maxNoise - minNoise) * random.nextDouble();
        for (int d = 0; d < dim; d++) {
          out[o + d] = (float) (out[base + d] + noise * scale * random.nextGaussian());
        }
      } else if (clusters > 0) {
        int c = random.nextInt(clusters) * dim;
        for (int d = 0; d < dim; d++) {
          out[o + d] = (float) (centres[c + d] + spread * scale * random.nextGaussian());
        }
      } else {
        for (int d = 0; d < dim; d++) {
          out[o + d] = (float) random.nextGaussian();
        }
      }
      normalize(out, o, dim);
    }
    return out;
  }

  /** Ids {@code v0000000, v0000001, ...}: zero-padded so that id order is row order. */
  public static String[] ids(int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = String.format("v%07d", i);
    }
    return ids;
  }

  private static void gaussianUnit(SplittableRandom random, float[] a, int o, int dim) {
    for (int d = 0; d < dim; d++) {
      a[o + d] = (float) random.nextGaussian();
    }
    normalize(a, o, dim);
  }

  private static void normalize(float[] a, int o, int dim) {
    double s = 0;
    for (int d = 0; d < dim; d++) {
      s += (double) a[o + d] * a[o + d];
    }
    double inv = 1 / Math.sqrt(s);
    for (int d = 0; d < dim; d++) {
      a[o + d] = (float) (a[o + d] * inv);
    }
  }
}
