package dev.mmlake.engine.iceberg;

/**
 * The inner loops of {@link ScanAggregation} over one column batch: each reads a primitive
 * column and each selected row's group slot, and updates per-slot accumulators in flat arrays.
 * Every group's accumulator takes its rows' values one by one in row order, so a floating sum
 * is the same as adding row by row.
 *
 * <p>In all of them row {@code sel[s]} (or {@code s} when {@code sel} is null) is the
 * {@code s}-th of {@code n} selected rows and {@code slots[s]} its group's slot.
 */
final class AggregateKernels {
  private AggregateKernels() {
  }

  /** Adds one to {@code counts[slot]} per selected row. */
  static void countRows(int[] slots, int n, long[] counts) {
    for (int s = 0; s < n; s++) {
      counts[slots[s]]++;
    }
  }

  /** Adds one to {@code counts[slot]} per selected non-null row. */
  static void countValues(boolean[] nulls, int[] sel, int[] slots, int n, long[] counts) {
    for (int s = 0; s < n; s++) {
      int r = sel == null ? s : sel[s];
      if (!nulls[r]) {
        counts[slots[s]]++;
      }
    }
  }

  /**
   * Adds the non-null values to {@code sums[slot]} and counts them; {@code real}: the sum is a
   * REAL, rounded to float at every step as Calcite's is.
   */
  static void sumDoubles(double[] v, boolean[] nulls, int[] sel, int[] slots, int n,
      double[] sums, long[] counts, boolean real) {
    for (int s = 0; s < n; s++) {
      int r = sel == null ? s : sel[s];
      if (!nulls[r]) {
        int g = slots[s];
        sums[g] = real ? (float) sums[g] + (float) v[r] : sums[g] + v[r];
        counts[g]++;
      }
    }
  }

  /** Adds the non-null values to {@code sums[slot]} (wrapping as Java's long) and counts them. */
  static void sumLongs(long[] v, boolean[] nulls, int[] sel, int[] slots, int n, long[] sums,
      long[] counts) {
    for (int s = 0; s < n; s++) {
      int r = sel == null ? s : sel[s];
      if (!nulls[r]) {
        int g = slots[s];
        sums[g] += v[r];
        counts[g]++;
      }
    }
  }

  /**
   * Keeps the least ({@code min}) or greatest non-null value per slot, compared with
   * {@code >}/{@code <} as Calcite's {@code SqlFunctions.lesser/greater}, and counts the values.
   */
  static void extremeDoubles(double[] v, boolean[] nulls, int[] sel, int[] slots, int n,
      boolean min, double[] acc, long[] counts) {
    for (int s = 0; s < n; s++) {
      int r = sel == null ? s : sel[s];
      if (!nulls[r]) {
        int g = slots[s];
        double d = v[r];
        double a = acc[g];
        acc[g] = min ? (a > d ? d : a) : (a < d ? d : a);
        counts[g]++;
      }
    }
  }

  /** {@link #extremeDoubles} of integer values. */
  static void extremeLongs(long[] v, boolean[] nulls, int[] sel, int[] slots, int n,
      boolean min, long[] acc, long[] counts) {
    for (int s = 0; s < n; s++) {
      int r = sel == null ? s : sel[s];
      if (!nulls[r]) {
        int g = slots[s];
        acc[g] = min ? Math.min(acc[g], v[r]) : Math.max(acc[g], v[r]);
        counts[g]++;
      }
    }
  }
}
