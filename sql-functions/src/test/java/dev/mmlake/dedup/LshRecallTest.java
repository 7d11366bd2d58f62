package dev.mmlake.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The LSH path against exact search on 50,000 clustered vectors with planted duplicates. */
class LshRecallTest {
  @Test
  void lshFindsAtLeast95PercentOfExactPairs() {
    int n = 50_000;
    int dim = 128;
    double threshold = 0.9;
    float[] flat = SyntheticVectors.generate(n, dim, 500, 1.0, 0.05, 0.1, 0.5, 2026);
    VectorSet set = VectorSet.of(SyntheticVectors.ids(n), flat, dim);
    boolean[] sampled = new boolean[n];
    int[] queries = new int[2000];
    SplittableRandom random = new SplittableRandom(3);
    for (int k = 0; k < queries.length; ) {
      int p = random.nextInt(n);
      if (!sampled[p]) {
        sampled[p] = true;
        queries[k++] = p;
      }
    }
    SampledPairs found = new SampledPairs(sampled);
    AnnDedupResult result = AnnDedup.run(set, null, threshold,
        AnnOptions.defaults().withMethod(AnnOptions.Method.LSH).withThreads(2), found);
    List<SampledPairs> exact = BruteForcePairs.queryPairs(set, Dot.best(), queries, threshold, 2,
        () -> new SampledPairs(sampled));
    Set<Long> truth = new HashSet<>();
    exact.forEach(s -> truth.addAll(s.pairs()));

    assertThat(truth).hasSizeGreaterThan(100);
    assertThat(found.pairs()).isSubsetOf(truth);
    assertThat(SampledPairs.recall(truth, found.pairs())).isGreaterThanOrEqualTo(0.95);
    long sameCluster = truth.stream().filter(k -> result.rows().get((int) (k >>> 32)).clusterId()
        .equals(result.rows().get((int) (long) k).clusterId())).count();
    assertThat((double) sameCluster / truth.size()).isGreaterThanOrEqualTo(0.95);
  }
}
