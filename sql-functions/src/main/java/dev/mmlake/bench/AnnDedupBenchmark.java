package dev.mmlake.bench;

import dev.mmlake.dedup.AnnDedup;
import dev.mmlake.dedup.AnnDedupResult;
import dev.mmlake.dedup.AnnOptions;
import dev.mmlake.dedup.BruteForcePairs;
import dev.mmlake.dedup.Dot;
import dev.mmlake.dedup.SampledPairs;
import dev.mmlake.dedup.SyntheticVectors;
import dev.mmlake.dedup.VectorSet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Measures {@link AnnDedup} on synthetic unit vectors with planted near-duplicates.
 *
 * <p>Usage: {@code AnnDedupBenchmark [n=1000000] [dim=384] [threshold=0.9] [samples=2000]}. Run
 * the JVM with {@code --add-modules jdk.incubator.vector} for SIMD and a heap of at least
 * {@code 2.5 * n * dim * 4} bytes. Reports the ANN wall time, peak heap, recall against exact
 * search for {@code samples} query vectors, and the speedup over brute force: measured on the
 * full set when {@code n <= 100,000}, otherwise extrapolated from the sampled exact queries
 * (all pairs cost {@code n / (2 * samples)} times the sampled queries).
 */
public final class AnnDedupBenchmark {
  private static final int FULL_BRUTE_FORCE_MAX = 100_000;

  private AnnDedupBenchmark() {
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int dim = args.length > 1 ? Integer.parseInt(args[1]) : 384;
    double threshold = args.length > 2 ? Double.parseDouble(args[2]) : 0.9;
    int samples = Math.min(n, args.length > 3 ? Integer.parseInt(args[3]) : 2000);
    AnnOptions options = AnnOptions.defaults().withMethod(AnnOptions.Method.LSH);
    Dot dot = Dot.best();
    print("n=%d dim=%d threshold=%.3f samples=%d threads=%d kernel=%s", n, dim, threshold,
        samples, options.threads(), dot.name());

    long t0 = System.nanoTime();
    float[] flat = SyntheticVectors.generate(n, dim, 0, 0, 0.05, 0.1, 0.5, 42);
    String[] ids = SyntheticVectors.ids(n);
    print("generated in %.1f s (5%% planted near-duplicates, noise 0.1-0.5)", secs(t0));

    System.gc();
    long before = heapUsed();
    resetPeaks();
    VectorSet set = VectorSet.of(ids, flat, dim);
    boolean[] sampled = new boolean[n];
    int[] queries = sample(n, samples, sampled);
    SampledPairs found = new SampledPairs(sampled);
    t0 = System.nanoTime();
    AnnDedupResult result = AnnDedup.run(set, null, threshold, options, found);
    double annSecs = secs(t0);
    long peak = heapPeak();
    print("ann: %s in %.1f s; removed %d of %d; peak heap %.0f MiB (%.0f MiB before, %.0f B per "
        + "vector over the input)", result.method(), annSecs, result.removed(), n, mib(peak),
        mib(before), (double) (peak - before) / n);

    System.gc();
    print("live heap after the run, result held: %.0f MiB (%.0f B per vector over the input)",
        mib(heapUsed()), (double) (heapUsed() - before) / n);

    t0 = System.nanoTime();
    List<SampledPairs> exact = BruteForcePairs.queryPairs(set, dot, queries, threshold,
        options.threads(), () -> new SampledPairs(sampled));
    double sampleSecs = secs(t0);
    Set<Long> truth = new HashSet<>();
    exact.forEach(s -> truth.addAll(s.pairs()));
    Set<Long> annPairs = found.pairs();
    double recall = SampledPairs.recall(truth, annPairs);
    long sameCluster = truth.stream().filter(k -> {
      int p = (int) (k >>> 32);
      int q = (int) (long) k;
      return result.rows().get(p).clusterId().equals(result.rows().get(q).clusterId());
    }).count();
    print("exact search for %d queries: %.1f s; %d true pairs; pair recall %.4f; "
        + "same-cluster recall %.4f", samples, sampleSecs, truth.size(), recall,
        truth.isEmpty() ? 1.0 : (double) sameCluster / truth.size());

    double bruteSecs;
    String how;
    if (n <= FULL_BRUTE_FORCE_MAX) {
      t0 = System.nanoTime();
      AnnDedupResult brute = AnnDedup.run(set, null, threshold,
          options.withMethod(AnnOptions.Method.BRUTE_FORCE));
      bruteSecs = secs(t0);
      how = "measured";
      print("brute force: %.1f s; removed %d", bruteSecs, brute.removed());
    } else {
      bruteSecs = sampleSecs * n / (2.0 * samples);
      how = "extrapolated from the sampled queries";
    }
    print("speedup over brute force (%s, %.0f s): %.1fx", how, bruteSecs, bruteSecs / annSecs);
  }

  private static int[] sample(int n, int samples, boolean[] sampled) {
    SplittableRandom random = new SplittableRandom(7);
    int[] out = new int[samples];
    int k = 0;
    while (k < samples) {
      int p = random.nextInt(n);
      if (!sampled[p]) {
        sampled[p] = true;
        out[k++] = p;
      }
    }
    return out;
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** Sum of the heap pools' peaks since {@link #resetPeaks}; an upper bound of the peak heap. */
  private static long heapPeak() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
