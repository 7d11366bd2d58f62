package dev.mmlake.dedup;

import dev.mmlake.error.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Near-duplicate removal over embedding vectors (the algorithm behind SQL {@code ANN_DEDUP}).
 *
 * <p>Two items are near-duplicates when the cosine of their vectors is {@code >= threshold}.
 * Clusters are the connected components of that relation. Each cluster keeps the item with the
 * highest quality (NaN counts as lowest; ties go to the smallest id, by {@link String#compareTo});
 * its id is the cluster id. The output is the same whatever the input row order: rows are sorted
 * by id before any work, and every similarity is computed the same way for a pair.
 *
 * <p>Inputs up to {@link AnnOptions#bruteForceMax()} are compared exhaustively; larger inputs use
 * {@link LshPairs} (multi-probe SimHash with exact verification), which finds nearly every pair
 * (see docs/quality.md for the measured recall). Vectors should be L2-normalized; rows that are
 * not are normalized on a private copy.
 */
public final class AnnDedup {
  private AnnDedup() {
  }

  /** Deduplicates rows of {@code vectors} with default options. */
  public static AnnDedupResult run(String[] ids, float[][] vectors, double[] quality,
      double threshold) {
    return run(ids, vectors, quality, threshold, AnnOptions.defaults());
  }

  public static AnnDedupResult run(String[] ids, float[][] vectors, double[] quality,
      double threshold, AnnOptions options) {
    return run(VectorSet.of(ids, vectors), quality, threshold, options);
  }

  /** Deduplicates a row-major matrix: row {@code i} is {@code flat[i*dim .. (i+1)*dim)}. */
  public static AnnDedupResult run(String[] ids, float[] flat, int dim, double[] quality,
      double threshold) {
    return run(ids, flat, dim, quality, threshold, AnnOptions.defaults());
  }

  public static AnnDedupResult run(String[] ids, float[] flat, int dim, double[] quality,
      double threshold, AnnOptions options) {
    return run(VectorSet.of(ids, flat, dim), quality, threshold, options);
  }

  public static AnnDedupResult run(VectorSet set, double[] quality, double threshold,
      AnnOptions options) {
    return run(set, quality, threshold, options, null);
  }

  /** As {@link #run(VectorSet, double[], double, AnnOptions)}, reporting pairs to observer. */
  public static AnnDedupResult run(VectorSet set, double[] quality, double threshold,
      AnnOptions options, PairSink observer) {
    if (!(threshold > -1 && threshold <= 1)) {
      throw new InvalidArgumentException("threshold must be a cosine in (-1, 1], got "
          + threshold + "; 0.9 to 0.95 is typical for near-duplicates");
    }
    if (quality != null && quality.length != set.size()) {
      throw new IllegalArgumentException(String.format(
          "%d quality values for %d vectors; pass one per vector or null", quality.length,
          set.size()));
    }
    Dot dot = Dot.best();
    int n = set.size();
    boolean brute = switch (options.method()) {
      case AUTO -> n <= options.bruteForceMax();
      case BRUTE_FORCE -> true;
      case LSH -> false;
    };
    List<NeighbourGraph> graphs;
    String method;
    if (brute) {
      graphs = BruteForcePairs.allPairs(set, dot, threshold, options.threads(),
          () -> new NeighbourGraph(n, observer));
      method = "brute_force";
    } else {
      float[] mean = LshPairs.mean(set, options.threads());
      LshPairs.Plan plan = LshPairs.plan(n, threshold, options.targetRecall(),
          LshPairs.centeredNormQuantile(set, dot, mean));
      graphs = LshPairs.run(set, dot, mean, threshold, plan, options.seed(), options.threads(),
          () -> new NeighbourGraph(n, observer));
      method = plan.describe();
    }
    NeighbourGraph graph = graphs.isEmpty() ? new NeighbourGraph(n) : graphs.get(0);
    for (int i = 1; i < graphs.size(); i++) {
      graph.mergeFrom(graphs.get(i));
    }
    return new AnnDedupResult(decide(set, graph, quality), method, threshold);
  }

  private static List<AnnDedupRow> decide(VectorSet set, NeighbourGraph graph, double[] quality) {
    int n = set.size();
    int[] keep = new int[n];
    Arrays.fill(keep, -1);
    for (int p = 0; p < n; p++) {
      int root = graph.find(p);
      if (keep[root] < 0 || better(set, quality, p, keep[root])) {
        keep[root] = p;
      }
    }
    List<AnnDedupRow> rows = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      int k = keep[graph.find(p)];
      int nearest = graph.nearest(p);
      rows.add(new AnnDedupRow(set.id(p), set.id(k), k == p,
          nearest < 0 ? null : set.id(nearest),
          nearest < 0 ? null : (double) graph.nearestSimilarity(p)));
    }
    return rows;
  }

  /** Whether later position {@code p} beats the current pick {@code q}: only on higher quality. */
  private static boolean better(VectorSet set, double[] quality, int p, int q) {
    if (quality == null) {
      return false;
    }
    double qp = quality[set.inputIndex(p)];
    double qq = quality[set.inputIndex(q)];
    qp = Double.isNaN(qp) ? Double.NEGATIVE_INFINITY : qp;
    qq = Double.isNaN(qq) ? Double.NEGATIVE_INFINITY : qq;
    return qp > qq;
  }
}
