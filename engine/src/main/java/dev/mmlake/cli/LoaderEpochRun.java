package dev.mmlake.cli;

import dev.mmlake.loader.LoaderConfig;
import dev.mmlake.loader.LoaderSample;
import dev.mmlake.loader.LoaderShardSet;
import dev.mmlake.loader.SampleTransform;
import dev.mmlake.loader.ShardLoader;
import java.util.ArrayList;
import java.util.List;

/** One timed loader epoch in batches, as {@code mmlake loader bench} measures it. */
final class LoaderEpochRun {
  private final LoaderShardSet set;
  private final LoaderConfig config;
  private final int batch;
  private final SampleTransform transform;

  LoaderEpochRun(LoaderShardSet set, LoaderConfig config, int batch, SampleTransform transform) {
    this.transform = transform;
    this.set = set;
    this.config = config;
    this.batch = batch;
  }

  /**
   * What an epoch did: {@code seconds} from opening the loader to its last batch,
   * {@code latencies} each batch's wait in nanoseconds, per-worker items, busy and CPU
   * nanoseconds, the consumer's stalls.
   */
  record Result(long items, long itemsExpected, double seconds, long bytes, long[] latencies,
      long[] perWorker, long[] busy, long[] cpu, long stalls, long stallNanos) {
    /** Several epochs together: counts, times and per-worker figures added up. */
    static Result sum(List<Result> rs) {
      Result first = rs.get(0);
      int w = first.perWorker().length;
      long[] per = new long[w];
      long[] busy = new long[w];
      long[] cpu = new long[w];
      long items = 0;
      long expected = 0;
      long bytes = 0;
      long stalls = 0;
      long stallNanos = 0;
      double secs = 0;
      List<Long> lat = new ArrayList<>();
      for (Result r : rs) {
        items += r.items();
        expected += r.itemsExpected();
        bytes += r.bytes();
        stalls += r.stalls();
        stallNanos += r.stallNanos();
        secs += r.seconds();
        for (long l : r.latencies()) {
          lat.add(l);
        }
        for (int i = 0; i < w; i++) {
          per[i] += r.perWorker()[i];
          busy[i] += r.busy()[i];
          cpu[i] += r.cpu()[i];
        }
      }
      return new Result(items, expected, secs, bytes,
          lat.stream().mapToLong(Long::longValue).toArray(), per, busy, cpu, stalls, stallNanos);
    }
  }

  Result run() {
    List<Long> latencies = new ArrayList<>();
    long items = 0;
    long t0 = System.nanoTime();
    try (ShardLoader loader = ShardLoader.open(set, config, transform)) {
      while (true) {
        long b0 = System.nanoTime();
        List<LoaderSample> got = loader.nextBatch(batch);
        if (got.isEmpty()) {
          break;
        }
        latencies.add(System.nanoTime() - b0);
        items += got.size();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      return new Result(items, set.samples(), secs, loader.bytesDelivered(),
          latencies.stream().mapToLong(Long::longValue).toArray(), loader.workerDelivered(),
          loader.workerBusyNanos(), loader.workerCpuNanos(), loader.stalls(),
          loader.stallNanos());
    }
  }
}
