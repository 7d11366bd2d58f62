package dev.mmlake.dedup;

import dev.mmlake.error.InvalidArgumentException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * Vectors with their ids, re-indexed by ascending id so that every later step is independent of the
 * caller's row order. Rows are referenced, not copied: position {@code p} lives at
 * {@code array(p)[offset(p) .. offset(p) + dim)}. A row whose L2 norm is not 1 (within 1e-3) is
 * replaced by a normalized copy; a zero row stays zero (similarity 0 to everything).
 */
public final class VectorSet {
  private static final double UNIT_TOLERANCE = 1e-3;

  private final String[] ids;
  private final int[] inputIndex;
  private final float[][] arrays;
  private final int[] offsets;
  private final int dim;

  private VectorSet(String[] ids, int[] inputIndex, float[][] arrays, int[] offsets, int dim) {
    this.ids = ids;
    this.inputIndex = inputIndex;
    this.arrays = arrays;
    this.offsets = offsets;
    this.dim = dim;
  }

  /** One vector per row of {@code vectors}; all rows must have the same length. */
  public static VectorSet of(String[] ids, float[][] vectors) {
    Objects.requireNonNull(vectors, "vectors is null");
    checkCount(ids, vectors.length);
    int dim = vectors.length == 0 ? 1 : lengthOf(vectors[0], 0);
    int[] order = sortedOrder(ids);
    float[][] arrays = new float[order.length][];
    int[] offsets = new int[order.length];
    for (int p = 0; p < order.length; p++) {
      float[] row = vectors[order[p]];
      if (lengthOf(row, order[p]) != dim) {
        throw new InvalidArgumentException(String.format(
            "Vector %d has %d dimensions but vector 0 has %d; pass vectors of one model",
            order[p], row.length, dim));
      }
      arrays[p] = row;
    }
    return normalize(sortedIds(ids, order), order, arrays, offsets, dim);
  }

  /** Row {@code i} is {@code flat[i * dim .. (i + 1) * dim)}. */
  public static VectorSet of(String[] ids, float[] flat, int dim) {
    Objects.requireNonNull(flat, "vectors is null");
    if (dim <= 0 || flat.length % dim != 0) {
      throw new InvalidArgumentException(String.format(
          "A flat matrix of %d floats cannot hold rows of %d dimensions", flat.length, dim));
    }
    checkCount(ids, flat.length / dim);
    int[] order = sortedOrder(ids);
    float[][] arrays = new float[order.length][];
    int[] offsets = new int[order.length];
    for (int p = 0; p < order.length; p++) {
      arrays[p] = flat;
      offsets[p] = order[p] * dim;
    }
    return normalize(sortedIds(ids, order), order, arrays, offsets, dim);
  }

  int size() {
    return ids.length;
  }

  int dim() {
    return dim;
  }

  String id(int p) {
    return ids[p];
  }

  /** The caller's row index of position {@code p}. */
  int inputIndex(int p) {
    return inputIndex[p];
  }

  float[] array(int p) {
    return arrays[p];
  }

  int offset(int p) {
    return offsets[p];
  }

  /** Cosine of positions {@code p} and {@code q}; symmetric bit for bit. */
  float cosine(Dot dot, int p, int q) {
    int a = Math.min(p, q);
    int b = Math.max(p, q);
    return dot.dot(arrays[a], offsets[a], arrays[b], offsets[b], dim);
  }

  private static VectorSet normalize(String[] ids, int[] order, float[][] arrays, int[] offsets,
      int dim) {
    for (int p = 0; p < arrays.length; p++) {
      float[] a = arrays[p];
      int o = offsets[p];
      double sq = 0;
      for (int d = 0; d < dim; d++) {
        float v = a[o + d];
        if (!Float.isFinite(v)) {
          throw new InvalidArgumentException(String.format(
              "Vector of id %s has a non-finite value at dimension %d; drop or re-embed it",
              ids[p], d));
        }
        sq += (double) v * v;
      }
      double norm = Math.sqrt(sq);
      if (norm > 0 && Math.abs(norm - 1) > UNIT_TOLERANCE) {
        float[] copy = new float[dim];
        for (int d = 0; d < dim; d++) {
          copy[d] = (float) (a[o + d] / norm);
        }
        arrays[p] = copy;
        offsets[p] = 0;
      }
    }
    return new VectorSet(ids, order, arrays, offsets, dim);
  }

  private static int lengthOf(float[] row, int index) {
    if (row == null) {
      throw new InvalidArgumentException("Vector " + index + " is null; drop rows without "
          + "an embedding before deduplicating");
    }
    return row.length;
  }

  private static void checkCount(String[] ids, int vectors) {
    Objects.requireNonNull(ids, "ids is null");
    if (ids.length != vectors) {
      throw new InvalidArgumentException(String.format(
          "%d ids but %d vectors; pass one vector per id", ids.length, vectors));
    }
  }

  private static int[] sortedOrder(String[] ids) {
    for (String id : ids) {
      if (id == null) {
        throw new InvalidArgumentException("An id is null; every vector needs an id");
      }
    }
    Integer[] boxed = new Integer[ids.length];
    Arrays.setAll(boxed, i -> i);
    Arrays.sort(boxed, Comparator.comparing(i -> ids[i]));
    int[] order = new int[ids.length];
    for (int p = 0; p < order.length; p++) {
      order[p] = boxed[p];
      if (p > 0 && ids[order[p]].equals(ids[order[p - 1]])) {
        throw new InvalidArgumentException("Id " + ids[order[p]]
            + " appears twice; ids must be unique");
      }
    }
    return order;
  }

  private static String[] sortedIds(String[] ids, int[] order) {
    String[] sorted = new String[order.length];
    for (int p = 0; p < order.length; p++) {
      sorted[p] = ids[order[p]];
    }
    return sorted;
  }
}
