package dev.mmlake.search;

import java.util.Objects;

/**
 * A block of corpus rows for {@link ExactSearch}: row {@code i} has id {@code ids[i]} and vector
 * {@code flat[i * dim .. (i + 1) * dim)}. The search owns the arrays once the batch is added.
 */
public record VectorBatch(Object[] ids, float[] flat, int rows, int dim) {
  public VectorBatch {
    Objects.requireNonNull(ids, "ids is null");
    Objects.requireNonNull(flat, "flat is null");
    if (rows < 0 || rows > ids.length || (long) rows * dim > flat.length) {
      throw new IllegalArgumentException("A batch of " + rows + " rows of " + dim
          + " floats does not fit its arrays");
    }
  }
}
