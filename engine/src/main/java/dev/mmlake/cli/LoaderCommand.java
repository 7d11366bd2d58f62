package dev.mmlake.cli;

import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.loader.LoaderConfig;
import dev.mmlake.loader.LoaderCursor;
import dev.mmlake.loader.LoaderException;
import dev.mmlake.loader.LoaderSample;
import dev.mmlake.loader.LoaderShard;
import dev.mmlake.loader.LoaderShardSet;
import dev.mmlake.loader.ShardLoader;
import dev.mmlake.loader.live.LivePipeline;
import dev.mmlake.loader.live.LiveTransform;
import dev.mmlake.versions.VersionLiveTransforms;
import dev.mmlake.versions.VersionName;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mmlake loader read|bench}: the training loader over a version's shard set. */
@Command(name = "loader", mixinStandardHelpOptions = true,
    description = "Stream a dataset version's WebDataset shards as a training loader would "
        + "(see docs/loader.md).",
    subcommands = {LoaderCommand.Read.class, LoaderCommand.Bench.class})
public final class LoaderCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Which shard set and how to read it: shared by read and bench. */
  static final class SetOptions {
    @Mixin LakehouseOptions lakehouse;

    @Parameters(index = "0", paramLabel = "VERSION",
        description = "<dataset>@<version> with shards in lake.shards, or a <prefix>-index.json")
    String version;

    @Option(names = "--shards", paramLabel = "OPTIONS_HASH",
        description = "Which shard set of the version (its options_hash, or a prefix of it); "
            + "needed when the version has more than one")
    String optionsHash;

    @Option(names = "--seed", paramLabel = "S", description = "Loader seed (default: 0)")
    long seed;

    @Option(names = "--epoch", paramLabel = "E", description = "Epoch (default: 0)")
    long epoch;

    @Option(names = "--workers", paramLabel = "W", description = "Decode workers (default: 1)")
    int workers = 1;

    @Option(names = "--shuffle-buffer", paramLabel = "B",
        description = "Samples in each worker's shuffle buffer (default: 1000)")
    int shuffleBuffer = LoaderConfig.DEFAULT_SHUFFLE_BUFFER;

    @Option(names = "--prefetch", paramLabel = "P",
        description = "Decoded samples each worker may queue ahead (default: 64)")
    int prefetch = LoaderConfig.DEFAULT_PREFETCH;

    @Option(names = "--transforms", paramLabel = "on|off",
        description = "Apply the version's live transforms (its manifest's live_contract) in the "
            + "decode workers (default: on); the version is refused if its contract names a "
            + "transform this loader does not know, either way")
    String transforms = "on";

    /** The live transforms to apply (none when off); prints the contract hash to {@code out}. */
    LivePipeline live(PrintStream out) throws SQLException {
      if (!transforms.equals("on") && !transforms.equals("off")) {
        throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "--transforms must be on or off, "
            + "not %s", transforms);
      }
      LivePipeline p = LivePipeline.empty();
      if (!version.endsWith(".json")) {
        try (Engine engine = lakehouse.openEngine()) {
          p = VersionLiveTransforms.of(engine.lakehouse(), VersionName.parse(version));
        }
      }
      out.printf("live transforms: %s, contract %s (%s)%n", transforms, p.contractHash(),
          p.transforms().isEmpty() ? "none" : String.join(", ",
              p.transforms().stream().map(LiveTransform::id).toList()));
      return transforms.equals("on") ? p : LivePipeline.empty();
    }

    LoaderConfig config(boolean decode) {
      LoaderConfig c = new LoaderConfig(seed, epoch, workers, shuffleBuffer, prefetch, true);
      return decode ? c : c.withoutDecoding();
    }

    LoaderShardSet shardSet() throws SQLException {
      if (version.endsWith(".json")) {
        return LoaderShardSet.fromIndex(Path.of(version));
      }
      VersionName name = VersionName.parse(version);
      Map<String, List<LoaderShard>> sets = new TreeMap<>();
      try (Engine engine = lakehouse.openEngine(); Session session = engine.newSession();
           StatementResult r = session.execute("SELECT options_hash, shard, uri, samples, bytes "
               + "FROM lake.shards WHERE version = '" + name.toString().replace("'", "''")
               + "'")) {
        ResultSet rs = r.resultSet();
        while (rs.next()) {
          sets.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new LoaderShard(
              rs.getString(2), Path.of(URI.create(rs.getString(3))), rs.getLong(4),
              rs.getLong(5)));
        }
      }
      if (optionsHash != null) {
        sets.keySet().removeIf(h -> !h.startsWith(optionsHash));
      }
      if (sets.isEmpty()) {
        throw new LoaderException(ErrorCode.NOT_FOUND, "%s has no shard set%s in lake.shards: "
            + "write one with mmlake shards write %s DIR", name,
            optionsHash == null ? "" : " with options_hash " + optionsHash, name);
      }
      if (sets.size() > 1) {
        throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "%s has %d shard sets (options "
            + "hashes %s): choose one with --shards", name, sets.size(), sets.keySet());
      }
      Map.Entry<String, List<LoaderShard>> e = sets.entrySet().iterator().next();
      return new LoaderShardSet(name + "/" + e.getKey(), e.getValue());
    }
  }

  /** {@code mmlake loader read}: prints sample keys in delivery order. */
  @Command(name = "read", mixinStandardHelpOptions = true,
      description = {"Read one epoch of a version's shard set and print each sample's key in "
          + "delivery order. The order depends only on the set, --seed, --epoch, --workers and "
          + "--shuffle-buffer.",
          "Stop early with --limit and save where it stopped with --cursor-out; --resume FILE "
              + "continues with exactly the rest of the epoch."})
  public static final class Read implements Callable<Integer> {
    @Mixin SetOptions set;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N samples")
    Long limit;

    @Option(names = "--cursor-out", paramLabel = "FILE",
        description = "Write the cursor (where this run stopped) to FILE")
    Path cursorOut;

    @Option(names = "--resume", paramLabel = "FILE",
        description = "Continue the epoch from a cursor written by --cursor-out")
    Path resume;

    @Option(names = "--print", paramLabel = "WHAT",
        description = "What to print per sample: keys (default) or none")
    String print = "keys";

    @Override
    public Integer call() throws SQLException {
      if (!print.equals("keys") && !print.equals("none")) {
        throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "--print must be keys or none, "
            + "not %s", print);
      }
      if (limit != null && limit < 0) {
        throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "--limit must be >= 0");
      }
      LivePipeline live = set.live(System.err); // refuses an unknown contract first
      LoaderShardSet shards = set.shardSet();
      LoaderConfig config = set.config(true);
      PrintStream out = System.out;
      long count = 0;
      try (ShardLoader loader = resume == null ? ShardLoader.open(shards, config, live)
          : ShardLoader.resume(shards, config, LoaderCursor.read(resume), live)) {
        long max = limit == null ? Long.MAX_VALUE : limit;
        LoaderSample s;
        while (count < max && (s = loader.next()) != null) {
          count++;
          if (print.equals("keys")) {
            out.println(s.key());
          }
        }
        out.flush();
        LoaderCursor cursor = loader.cursor();
        if (cursorOut != null) {
          cursor.write(cursorOut);
        }
        System.err.printf("%d samples read (%d of %d in epoch %d)%s%n", count,
            cursor.delivered(), shards.samples(), config.epoch(),
            cursorOut == null ? "" : "; cursor in " + cursorOut);
      }
      return 0;
    }
  }

  /** {@code mmlake loader bench}: loader throughput against a raw read of the same tars. */
  @Command(name = "bench", mixinStandardHelpOptions = true,
      description = "Measure the loader on a version's shard set: items/s, MB/s, p50/p99 batch "
          + "latency, worker imbalance, and a raw sequential read of the same tar files in the "
          + "same run as the baseline.")
  public static final class Bench implements Callable<Integer> {
    @Mixin SetOptions set;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size (default: 256)")
    int batch = 256;

    @Option(names = "--decode", paramLabel = "on|off",
        description = "Decode images/text/npy (default: on); off measures read + shuffle only")
    String decode = "on";

    @Override
    public Integer call() throws SQLException {
      if (!decode.equals("on") && !decode.equals("off")) {
        throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "--decode must be on or off");
      }
      if (batch < 1) {
        throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "--batch must be >= 1");
      }
      PrintStream out = System.out;
      LivePipeline live = set.live(out); // refuses an unknown contract first
      LoaderShardSet shards = set.shardSet();
      LoaderConfig config = set.config(decode.equals("on"));
      out.printf("set %s: %d shards, %d samples, %.1f MB; workers %d, batch %d, shuffle buffer "
          + "%d, prefetch %d, decode %s%n", shards.name(), shards.shards().size(),
          shards.samples(), shards.bytes() / 1e6, config.workers(), batch,
          config.shuffleBuffer(), config.prefetch(), decode);
      double raw1 = rawRead(shards);
      // one untimed epoch first (another epoch number) so the JIT has compiled the read path
      try (ShardLoader warm = ShardLoader.open(shards, new LoaderConfig(config.seed(),
          config.epoch() + 1, config.workers(), config.shuffleBuffer(), config.prefetch(),
          config.decode()), live)) {
        while (!warm.nextBatch(batch).isEmpty()) {
          // warm-up only
        }
      }
      List<Long> latencies = new ArrayList<>();
      long items = 0;
      long bytes;
      long[] perWorker;
      long[] busy;
      long t0 = System.nanoTime();
      try (ShardLoader loader = ShardLoader.open(shards, config, live)) {
        while (true) {
          long b0 = System.nanoTime();
          List<LoaderSample> got = loader.nextBatch(batch);
          if (got.isEmpty()) {
            break;
          }
          latencies.add(System.nanoTime() - b0);
          items += got.size();
        }
        bytes = loader.bytesDelivered();
        perWorker = loader.workerDelivered();
        busy = loader.workerBusyNanos();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      double raw2 = rawRead(shards);
      double raw = Math.min(raw1, raw2);
      long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      double itemsPerSec = items / secs;
      double rawItemsPerSec = shards.samples() / raw;
      double busySecs = Arrays.stream(busy).sum() / 1e9;
      out.printf("loader: %d items in %.3f s: %.0f items/s, %.1f MB/s%n", items, secs,
          itemsPerSec, bytes / 1e6 / secs);
      out.printf("batch latency: p50 %.2f ms, p99 %.2f ms (%d batches)%n",
          percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, sorted.length);
      out.printf("workers: items %s (max/mean %.2f); busy s %s (max/mean %.2f)%n",
          Arrays.toString(perWorker), maxOverMean(perWorker), secondsOf(busy),
          maxOverMean(busy));
      out.printf("per core: %.0f items/s per busy worker-second%n", items / Math.max(busySecs,
          1e-9));
      out.printf("raw sequential tar read: %.3f s: %.0f items/s, %.1f MB/s (best of two passes, "
          + "before and after)%n", raw, rawItemsPerSec, shards.bytes() / 1e6 / raw);
      out.printf("ratio loader/raw: %.3fx%n", itemsPerSec / rawItemsPerSec);
      return 0;
    }

    /** Seconds to read every shard file once, sequentially, 1 MiB at a time. */
    private static double rawRead(LoaderShardSet shards) {
      byte[] buf = new byte[1 << 20];
      long t0 = System.nanoTime();
      for (LoaderShard s : shards.shards()) {
        try (InputStream in = Files.newInputStream(s.path())) {
          while (in.read(buf) >= 0) {
            // read only
          }
        } catch (IOException e) {
          throw new LoaderException(ErrorCode.STORAGE_UNAVAILABLE, e, "Cannot read %s: %s",
              s.path(), e.getMessage());
        }
      }
      return (System.nanoTime() - t0) / 1e9;
    }

    private static double percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return 0;
      }
      int i = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(i, sorted.length - 1))];
    }

    private static double maxOverMean(long[] v) {
      double mean = Arrays.stream(v).average().orElse(0);
      return mean == 0 ? 0 : Arrays.stream(v).max().orElse(0) / mean;
    }

    private static String secondsOf(long[] nanos) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < nanos.length; i++) {
        b.append(i == 0 ? "" : ", ").append(String.format("%.2f", nanos[i] / 1e9));
      }
      return b.append(']').toString();
    }
  }
}
