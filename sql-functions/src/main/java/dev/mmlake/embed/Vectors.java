package dev.mmlake.embed;

import dev.mmlake.error.ErrorCode;

/** Plain-Java vector math on model outputs (ONNX Runtime NDArrays implement almost none). */
public final class Vectors {
  private Vectors() {
  }

  /** Scales {@code v} in place to unit L2 norm; a zero vector stays zero. Returns {@code v}. */
  public static float[] normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (sum > 0) {
      double inv = 1.0 / Math.sqrt(sum);
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (v[i] * inv);
      }
    }
    return v;
  }

  /** Cosine similarity of two equally long vectors. */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("length " + a.length + " != " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** Splits a row-major [rows, dim] array into rows, each L2-normalized. */
  static float[][] normalizedRows(float[] flat, int rows) {
    if (rows == 0 || flat.length % rows != 0) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "Model returned %d values for %d inputs", flat.length, rows);
    }
    int dim = flat.length / rows;
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      float[] v = new float[dim];
      System.arraycopy(flat, r * dim, v, 0, dim);
      out[r] = normalize(v);
    }
    return out;
  }

  /**
   * Mean of token vectors weighted by the attention mask, then L2-normalized (the mean pooling of
   * sentence-transformers). {@code hidden} is row-major [rows, seq, dim].
   */
  static float[][] maskedMeanNormalized(float[] hidden, long[][] mask, int dim) {
    int rows = mask.length;
    int seq = rows == 0 ? 0 : mask[0].length;
    if (hidden.length != (long) rows * seq * dim) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "Model returned %d values, expected %d x %d x %d", hidden.length,
          rows, seq, dim);
    }
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      double[] sum = new double[dim];
      long count = 0;
      for (int t = 0; t < seq; t++) {
        if (mask[r][t] == 0) {
          continue;
        }
        count++;
        int base = (r * seq + t) * dim;
        for (int d = 0; d < dim; d++) {
          sum[d] += hidden[base + d];
        }
      }
      float[] v = new float[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = (float) (sum[d] / Math.max(count, 1));
      }
      out[r] = normalize(v);
    }
    return out;
  }

  /** Mean of unit vectors, re-normalized (a video from its keyframes). */
  static float[] meanNormalized(float[][] vectors, int from, int to) {
    float[] mean = new float[vectors[from].length];
    for (int i = from; i < to; i++) {
      for (int d = 0; d < mean.length; d++) {
        mean[d] += vectors[i][d];
      }
    }
    for (int d = 0; d < mean.length; d++) {
      mean[d] /= (to - from);
    }
    return normalize(mean);
  }
}
