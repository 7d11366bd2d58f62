package dev.mmlake.dedup;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Candidate pairs by multi-probe random-hyperplane LSH (SimHash), verified exactly.
 *
 * <p>Each of {@code tables} hash tables gives a vector a {@code bits}-bit code: bit b is the sign
 * of {@code (x - mean) . h_b} for a Gaussian hyperplane {@code h_b}. Centering on the data mean
 * keeps buckets balanced for anisotropic embeddings. A vector is compared, with the exact cosine,
 * against the vectors of its own bucket and of the {@code bits} buckets one bit away (multi-probe),
 * in every table. Two vectors at angle theta share a bit with probability {@code 1 - theta/pi},
 * which {@link #plan} uses to pick bits and tables for a target recall at the threshold.
 * Deterministic: hyperplanes come from a fixed seed and every step is indexed by position.
 */
final class LshPairs {
  /** Relative cost of fetching a row from memory, in dot products (measured on 384 dims). */
  private static final double LOAD_COST = 24;
  private static final int MAX_BITS = 24;
  private static final int MAX_TABLES = 128;
  private static final int CHUNK = 4096;
  private static final int CODES_PER_TASK = 64;
  /** Quantile of centered norms that {@link #plan} protects; see {@link #centeredNormQuantile}. */
  private static final double NORM_QUANTILE = 0.10;

  private LshPairs() {
  }

  /** The chosen shape of the index. */
  record Plan(int bits, int tables, double hashThreshold) {
    String describe() {
      return "lsh_simhash(bits=" + bits + ",tables=" + tables + ",probes=1)";
    }
  }

  /**
   * Picks bits per code and the number of tables that reach {@code targetRecall} for a pair at
   * exactly {@code threshold}, at the least modelled cost. {@code centeredNorm} is a low quantile
   * of the vectors' distance to the data mean: centering shrinks norms, which widens the angle
   * between a near-duplicate pair to {@code acos(1 - (1 - threshold) / centeredNorm^2)}.
   */
  static Plan plan(int n, double threshold, double targetRecall, double centeredNorm) {
    double r2 = Math.max(1e-6, centeredNorm * centeredNorm);
    double t = Math.max(-1, Math.min(1, 1 - (1 - threshold) / r2));
    double p = 1 - Math.acos(t) / Math.PI;
    int maxBits = Math.max(1, Math.min(MAX_BITS, 64 - Long.numberOfLeadingZeros(Math.max(1, n))));
    Plan best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int k = 1; k <= maxBits; k++) {
      double hit = Math.pow(p, k) + k * Math.pow(p, k - 1) * (1 - p);
      int tables = hit >= 1 ? 1 : (int) Math.ceil(Math.log(1 - targetRecall) / Math.log(1 - hit));
      tables = Math.max(1, Math.min(MAX_TABLES, tables));
      double perTable = k + LOAD_COST * (1 + k / 2.0) + (1 + k) * (double) n / Math.pow(2, k + 1);
      double cost = tables * perTable;
      if (cost < bestCost) {
        bestCost = cost;
        best = new Plan(k, tables, t);
      }
    }
    return best;
  }

  /** The data mean, summed per fixed chunk then in chunk order (deterministic). */
  static float[] mean(VectorSet set, int threads) {
    int n = set.size();
    int dim = set.dim();
    int chunks = (n + CHUNK - 1) / CHUNK;
    double[][] sums = new double[chunks][];
    Parallel.run(chunks, threads, () -> null, (none, c) -> {
      double[] s = new double[dim];
      for (int p = c * CHUNK; p < Math.min(n, (c + 1) * CHUNK); p++) {
        float[] a = set.array(p);
        int o = set.offset(p);
        for (int d = 0; d < dim; d++) {
          s[d] += a[o + d];
        }
      }
      sums[c] = s;
    });
    float[] mean = new float[dim];
    for (int d = 0; d < dim; d++) {
      double s = 0;
      for (double[] chunk : sums) {
        s += chunk[d];
      }
      mean[d] = n == 0 ? 0f : (float) (s / n);
    }
    return mean;
  }

  /** The {@value #NORM_QUANTILE} quantile of {@code |x - mean|} over up to 10,000 sampled rows. */
  static double centeredNormQuantile(VectorSet set, Dot dot, float[] mean) {
    int n = set.size();
    if (n == 0) {
      return 1;
    }
    double mm = dot.dot(mean, 0, mean, 0, mean.length);
    int step = Math.max(1, n / 10_000);
    double[] norms = new double[(n + step - 1) / step];
    for (int i = 0; i < norms.length; i++) {
      int p = i * step;
      float[] a = set.array(p);
      double xx = dot.dot(a, set.offset(p), a, set.offset(p), set.dim());
      double xm = dot.dot(a, set.offset(p), mean, 0, set.dim());
      norms[i] = Math.sqrt(Math.max(0, xx - 2 * xm + mm));
    }
    Arrays.sort(norms);
    return norms[(int) (NORM_QUANTILE * (norms.length - 1))];
  }

  /** Sends every candidate pair with cosine {@code >= threshold} to a per-thread sink. */
  static <S extends PairSink> List<S> run(VectorSet set, Dot dot, float[] mean, double threshold,
      Plan plan, long seed, int threads, Supplier<S> sinks) {
    int n = set.size();
    int dim = set.dim();
    int k = plan.bits();
    int planes = plan.tables() * k;
    float[][] h = new float[planes][dim];
    float[] offset = new float[planes];
    Random random = new Random(seed);
    for (int i = 0; i < planes; i++) {
      for (int d = 0; d < dim; d++) {
        h[i][d] = (float) random.nextGaussian();
      }
      offset[i] = dot.dot(h[i], 0, mean, 0, dim);
    }
    int[][] codes = new int[plan.tables()][n];
    int chunks = (n + CHUNK - 1) / CHUNK;
    Parallel.run(chunks, threads, () -> null, (none, c) -> {
      for (int p = c * CHUNK; p < Math.min(n, (c + 1) * CHUNK); p++) {
        float[] a = set.array(p);
        int o = set.offset(p);
        for (int t = 0; t < codes.length; t++) {
          int code = 0;
          for (int b = 0; b < k; b++) {
            int i = t * k + b;
            if (dot.dot(h[i], 0, a, o, dim) > offset[i]) {
              code |= 1 << b;
            }
          }
          codes[t][p] = code;
        }
      }
    });
    List<S> states = null;
    for (int[] tableCodes : codes) {
      int buckets = 1 << k;
      int[] start = new int[buckets + 1];
      for (int code : tableCodes) {
        start[code + 1]++;
      }
      for (int c = 0; c < buckets; c++) {
        start[c + 1] += start[c];
      }
      int[] fill = Arrays.copyOf(start, buckets);
      int[] members = new int[n];
      for (int p = 0; p < n; p++) {
        members[fill[tableCodes[p]]++] = p;
      }
      Supplier<S> reuse = states == null ? sinks : reuseOrNew(states, sinks);
      states = probe(set, dot, threshold, k, start, members, threads, reuse);
    }
    return states;
  }

  private static <S> Supplier<S> reuseOrNew(List<S> previous, Supplier<S> fresh) {
    int[] next = {0};
    return () -> next[0] < previous.size() ? previous.get(next[0]++) : fresh.get();
  }

  private static <S extends PairSink> List<S> probe(VectorSet set, Dot dot, double threshold,
      int k, int[] start, int[] members, int threads, Supplier<S> sinks) {
    int buckets = 1 << k;
    int tasks = (buckets + CODES_PER_TASK - 1) / CODES_PER_TASK;
    return Parallel.run(tasks, threads, sinks, (sink, task) -> {
      for (int c = task * CODES_PER_TASK; c < Math.min(buckets, (task + 1) * CODES_PER_TASK); c++) {
        int s = start[c];
        int e = start[c + 1];
        if (s == e) {
          continue;
        }
        for (int i = s; i < e; i++) {
          for (int j = i + 1; j < e; j++) {
            compare(set, dot, threshold, members[i], members[j], sink);
          }
        }
        for (int b = 0; b < k; b++) {
          int c2 = c ^ (1 << b);
          if (c2 < c) {
            continue;
          }
          int s2 = start[c2];
          int e2 = start[c2 + 1];
          for (int i = s; i < e; i++) {
            for (int j = s2; j < e2; j++) {
              compare(set, dot, threshold, members[i], members[j], sink);
            }
          }
        }
      }
    });
  }

  private static void compare(VectorSet set, Dot dot, double threshold, int p, int q,
      PairSink sink) {
    float sim = set.cosine(dot, p, q);
    if (sim >= threshold) {
      sink.accept(Math.min(p, q), Math.max(p, q), sim);
    }
  }
}
