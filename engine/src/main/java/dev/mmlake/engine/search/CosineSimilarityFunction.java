package dev.mmlake.engine.search;

import dev.mmlake.dedup.Dot;
import dev.mmlake.error.InvalidArgumentException;

/**
 * {@code COSINE_SIMILARITY(a, b)}: the cosine of two vectors of equal length (REAL or FLOAT
 * arrays, e.g. two embeddings), in [-1, 1]; NULL when either is NULL, 0 when either is zero.
 */
public final class CosineSimilarityFunction {
  public Double eval(Object a, Object b) {
    if (a == null || b == null) {
      return null;
    }
    float[] x = CursorVectors.toFloats(a, "first argument of COSINE_SIMILARITY");
    float[] y = CursorVectors.toFloats(b, "second argument of COSINE_SIMILARITY");
    if (x.length != y.length) {
      throw new InvalidArgumentException(
          "COSINE_SIMILARITY got vectors of %d and %d dimensions; compare vectors of one model",
          x.length, y.length);
    }
    Dot dot = Dot.best();
    double xx = dot.dot(x, 0, x, 0, x.length);
    double yy = dot.dot(y, 0, y, 0, y.length);
    if (xx == 0 || yy == 0) {
      return 0.0;
    }
    return dot.dot(x, 0, y, 0, x.length) / Math.sqrt(xx * yy);
  }
}
