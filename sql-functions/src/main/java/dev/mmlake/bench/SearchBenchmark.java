package dev.mmlake.bench;

import dev.mmlake.dedup.Dot;
import dev.mmlake.dedup.SyntheticVectors;
import dev.mmlake.search.ExactSearch;
import dev.mmlake.search.SearchMetric;
import dev.mmlake.search.TopK;
import dev.mmlake.search.VectorBatch;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * {@code mmlake bench search}: queries per second of exact cosine k-NN with {@link ExactSearch}
 * (the engine of {@code VECTOR_SEARCH}), one query per scan and many queries per scan (the engine
 * of {@code VECTOR_SEARCH_BATCH}), against a plain Java loop over the same float arrays (scalar dot
 * product, a {@link PriorityQueue} top-k) in the same run. The corpus is generated in memory in
 * the batches a cursor scan hands over, so only the search is timed. Also reports how many of the
 * plain loop's neighbours the search returned (1.0: the same k ids).
 */
public final class SearchBenchmark {
  private final int rows;
  private final int dim;
  private final int k;
  private final int singleQueries;
  private final int batchQueries;
  private final int threads;
  private final PrintStream out;

  public SearchBenchmark(int rows, int dim, int k, int singleQueries, int batchQueries,
      int threads, PrintStream out) {
    this.rows = rows;
    this.dim = dim;
    this.k = k;
    this.singleQueries = singleQueries;
    this.batchQueries = batchQueries;
    this.threads = threads;
    this.out = out;
  }

  /** Generates the corpus, runs the three measurements and prints them with ratios. */
  public void run() {
    out.printf(Locale.ROOT, "corpus %d x %d, k=%d, %d single queries, %d batched, threads=%d, "
        + "kernel=%s%n", rows, dim, k, singleQueries, batchQueries, threads,
        Dot.best().name());
    long t0 = System.nanoTime();
    int batchRows = 2048;
    int batches = (rows + batchRows - 1) / batchRows;
    VectorBatch[] corpus = new VectorBatch[batches];
    for (int b = 0; b < batches; b++) {
      int n = Math.min(batchRows, rows - b * batchRows);
      float[] flat = SyntheticVectors.generate(n, dim, 0, 0, 0, 0, 0, 1000 + b);
      Object[] ids = new Object[n];
      for (int i = 0; i < n; i++) {
        ids[i] = String.format("v%08d", b * batchRows + i);
      }
      corpus[b] = new VectorBatch(ids, flat, n, dim);
    }
    float[][] queries = new float[Math.max(singleQueries, batchQueries)][];
    float[] qflat = SyntheticVectors.generate(queries.length, dim, 0, 0, 0, 0, 0, 7);
    for (int q = 0; q < queries.length; q++) {
      queries[q] = new float[dim];
      System.arraycopy(qflat, q * dim, queries[q], 0, dim);
    }
    out.printf(Locale.ROOT, "generated in %.1f s%n", secs(t0));

    // plain Java loop: one pass per query, scalar dot, PriorityQueue top-k
    t0 = System.nanoTime();
    List<Set<Object>> plain = new ArrayList<>();
    for (int q = 0; q < singleQueries; q++) {
      plain.add(plainLoop(corpus, queries[q]));
    }
    double plainQps = singleQueries / secs(t0);
    out.printf(Locale.ROOT, "plain java loop:      %10.2f queries/s%n", plainQps);

    // ExactSearch, one query per scan
    t0 = System.nanoTime();
    double agree = 0;
    for (int q = 0; q < singleQueries; q++) {
      List<TopK.Hit> hits = search(corpus, new float[][] {queries[q]}).get(0);
      agree += overlap(hits, plain.get(q));
    }
    double singleQps = singleQueries / secs(t0);
    out.printf(Locale.ROOT, "VECTOR_SEARCH core:   %10.2f queries/s  (%.2fx plain; top-%d "
        + "agreement with plain %.3f)%n", singleQps, singleQps / plainQps, k,
        agree / singleQueries);

    // ExactSearch, all batched queries in one scan
    float[][] batch = new float[batchQueries][];
    System.arraycopy(queries, 0, batch, 0, batchQueries);
    t0 = System.nanoTime();
    List<List<TopK.Hit>> hits = search(corpus, batch);
    double batchQps = batchQueries / secs(t0);
    double batchAgree = 0;
    for (int q = 0; q < singleQueries && q < batchQueries; q++) {
      batchAgree += overlap(hits.get(q), plain.get(q));
    }
    out.printf(Locale.ROOT, "VECTOR_SEARCH_BATCH:  %10.2f queries/s  (%.2fx plain, %.2fx single; "
        + "agreement %.3f)%n", batchQps, batchQps / plainQps, batchQps / singleQps,
        batchAgree / Math.min(singleQueries, batchQueries));
  }

  private List<List<TopK.Hit>> search(VectorBatch[] corpus, float[][] queries) {
    try (ExactSearch s = new ExactSearch(queries, k, SearchMetric.COSINE, threads)) {
      for (VectorBatch b : corpus) {
        s.add(b);
      }
      return s.finish();
    }
  }

  /** The baseline: what one would write without mmlake. */
  private Set<Object> plainLoop(VectorBatch[] corpus, float[] q) {
    double qn = 0;
    for (float v : q) {
      qn += v * v;
    }
    qn = Math.sqrt(qn);
    PriorityQueue<Object[]> heap = new PriorityQueue<>(
        (a, b) -> Double.compare((Double) b[0], (Double) a[0]));
    for (VectorBatch b : corpus) {
      float[] x = b.flat();
      for (int r = 0; r < b.rows(); r++) {
        float dot = 0;
        float xn = 0;
        int o = r * dim;
        for (int d = 0; d < dim; d++) {
          dot += q[d] * x[o + d];
          xn += x[o + d] * x[o + d];
        }
        double dist = 1 - dot / (qn * Math.sqrt(xn));
        if (heap.size() < k) {
          heap.add(new Object[] {dist, b.ids()[r]});
        } else if (dist < (Double) heap.peek()[0]) {
          heap.poll();
          heap.add(new Object[] {dist, b.ids()[r]});
        }
      }
    }
    Set<Object> ids = new HashSet<>();
    heap.forEach(e -> ids.add(e[1]));
    return ids;
  }

  private double overlap(List<TopK.Hit> hits, Set<Object> expected) {
    long same = hits.stream().filter(h -> expected.contains(h.id())).count();
    return (double) same / Math.max(1, expected.size());
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
