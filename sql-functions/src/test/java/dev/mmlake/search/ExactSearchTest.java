package dev.mmlake.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.dedup.Dot;
import dev.mmlake.error.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ExactSearch against a full sort of every distance, ties included. */
class ExactSearchTest {
  private static final int DIM = 24;

  @Test
  void matchesBruteForceForEveryMetricThreadCountAndBatchSize() {
    SplittableRandom random = new SplittableRandom(7);
    int n = 1500;
    float[][] corpus = new float[n][];
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      // every fifth row repeats an earlier row: equal distances that only the id orders
      corpus[i] = i >= 5 && i % 5 == 0 ? corpus[random.nextInt(i)].clone() : gaussian(random);
      ids[i] = String.format("r%05d", (i * 7919) % n); // ids in a different order than rows
    }
    float[][] queries = new float[9][];
    for (int q = 0; q < queries.length; q++) {
      queries[q] = q < 3 ? corpus[q * 10].clone() : gaussian(random);
    }
    for (SearchMetric metric : SearchMetric.values()) {
      List<List<TopK.Hit>> expected = bruteForce(corpus, ids, queries, 17, metric);
      for (int threads : new int[] {1, 3}) {
        for (int batch : new int[] {1, 100, n}) {
          List<List<TopK.Hit>> got = run(corpus, ids, queries, 17, metric, threads, batch);
          assertThat(got).as("%s, %d threads, batches of %d", metric, threads, batch)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void tiesAreOrderedByIdWhateverTheRowOrder() {
    float[] v = {1, 0, 0};
    float[][] corpus = {v, v, v, {0, 1, 0}};
    Object[] ids = {"c", "a", "b", "d"};
    List<List<TopK.Hit>> hits = run(corpus, ids, new float[][] {{1, 0, 0}}, 2,
        SearchMetric.COSINE, 1, 1);
    assertThat(hits.get(0)).extracting(TopK.Hit::id).containsExactly("a", "b");
    // numeric ids order by value, not text: 9 before 10
    List<List<TopK.Hit>> numeric = run(corpus, new Object[] {10L, 9L, 11L, 1L},
        new float[][] {{1, 0, 0}}, 3, SearchMetric.L2, 2, 1);
    assertThat(numeric.get(0)).extracting(TopK.Hit::id).containsExactly(9L, 10L, 11L);
  }

  @Test
  void fewerRowsThanKReturnsThemAllAndMismatchedLengthsAreRefused() {
    List<List<TopK.Hit>> hits = run(new float[][] {{0, 2}, {3, 0}}, new Object[] {"x", "y"},
        new float[][] {{1, 0}}, 5, SearchMetric.DOT, 1, 2);
    assertThat(hits.get(0)).extracting(TopK.Hit::id).containsExactly("y", "x");
    assertThat(hits.get(0).get(0).distance()).isEqualTo(-3f);
    try (ExactSearch s = new ExactSearch(new float[][] {{1, 0}}, 1, SearchMetric.L2, 1)) {
      assertThatThrownBy(() -> s.add(new VectorBatch(new Object[] {"a"}, new float[3], 1, 3)))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("3 dimensions");
    }
    assertThatThrownBy(() -> SearchMetric.parse("manhattan"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'cosine'");
  }

  private static List<List<TopK.Hit>> run(float[][] corpus, Object[] ids, float[][] queries,
      int k, SearchMetric metric, int threads, int batchRows) {
    int dim = queries[0].length;
    try (ExactSearch search = new ExactSearch(queries, k, metric, threads)) {
      for (int start = 0; start < corpus.length; start += batchRows) {
        int rows = Math.min(batchRows, corpus.length - start);
        Object[] batchIds = new Object[rows];
        float[] flat = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
          batchIds[r] = ids[start + r];
          System.arraycopy(corpus[start + r], 0, flat, r * dim, dim);
        }
        search.add(new VectorBatch(batchIds, flat, rows, dim));
      }
      return search.finish();
    }
  }

  /** Every distance, fully sorted by (distance, id), cut at k. */
  private static List<List<TopK.Hit>> bruteForce(float[][] corpus, String[] ids,
      float[][] queries, int k, SearchMetric metric) {
    Dot dot = Dot.best();
    List<List<TopK.Hit>> out = new ArrayList<>();
    for (float[] q : queries) {
      float qn = dot.dot(q, 0, q, 0, q.length);
      List<TopK.Hit> all = new ArrayList<>();
      for (int i = 0; i < corpus.length; i++) {
        float[] x = corpus[i];
        all.add(new TopK.Hit(ids[i], metric.distance(dot.dot(q, 0, x, 0, q.length), qn,
            dot.dot(x, 0, x, 0, x.length))));
      }
      all.sort(Comparator.comparingDouble(TopK.Hit::distance)
          .thenComparing(h -> (String) h.id()));
      out.add(all.subList(0, k));
    }
    return out;
  }

  private static float[] gaussian(SplittableRandom random) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) random.nextGaussian();
    }
    return v;
  }
}
