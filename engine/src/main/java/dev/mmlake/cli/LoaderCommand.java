package dev.mmlake.cli;

import dev.mmlake.engine.Engine;
import dev.mmlake.engine.LoaderRunLog;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.loader.DecodeProbe;
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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
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

    /** The options that fix the set and the delivery order, as command-line text. */
    String summary(String command) {
      return "mmlake loader " + command + " " + version
          + (optionsHash == null ? "" : " --shards " + optionsHash) + " --seed " + seed
          + " --epoch " + epoch + " --workers " + workers + " --shuffle-buffer " + shuffleBuffer
          + " --prefetch " + prefetch;
    }

    /**
     * Resolves the shard set; for a dataset@version the engine stays open (the run is recorded
     * in obs.runs and obs.metrics at the end), for an index file there is none.
     */
    Target open() throws SQLException {
      if (version.endsWith(".json")) {
        LoaderShardSet s = LoaderShardSet.fromIndex(Path.of(version));
        return new Target(null, s, null, null);
      }
      VersionName name = VersionName.parse(version);
      Engine engine = lakehouse.openEngine();
      try {
        Map<String, List<LoaderShard>> sets = new TreeMap<>();
        try (Session session = engine.newSession();
             StatementResult r = session.execute("SELECT options_hash, shard, uri, samples, "
                 + "bytes FROM lake.shards WHERE version = '"
                 + name.toString().replace("'", "''") + "'")) {
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
        return new Target(engine, new LoaderShardSet(name + "/" + e.getKey(), e.getValue()),
            name.toString(), e.getKey());
      } catch (SQLException | RuntimeException e) {
        engine.close();
        throw e;
      }
    }
  }

  /**
   * A resolved shard set: {@code engine}, {@code version} and {@code optionsHash} are null for an
   * index file (no lakehouse, nothing recorded).
   */
  record Target(Engine engine, LoaderShardSet set, String version, String optionsHash)
      implements AutoCloseable {
    /** Records the run in obs.metrics and obs.runs; a failure to record is a warning only. */
    void record(String command, Map<String, Object> labels, Instant startedAt, long items,
        long bytesRead, double seconds, long stalls, double stallSeconds, double imbalance) {
      if (engine == null) {
        return;
      }
      String runId = UUID.randomUUID().toString();
      try {
        LoaderRunLog.record(engine, System.getProperty("user.name", "mmlake"),
            new LoaderRunLog.Run(runId, version, optionsHash, command, labels, startedAt,
                Instant.now(), items, bytesRead, seconds, stalls, stallSeconds, imbalance));
        System.err.printf("run %s recorded in obs.runs and obs.metrics (stage %s)%n", runId,
            LoaderRunLog.STAGE);
      } catch (RuntimeException e) {
        System.err.printf("warning: could not record loader run %s in obs.metrics/obs.runs: "
            + "%s%n", runId, e.getMessage());
      }
    }

    @Override
    public void close() {
      if (engine != null) {
        engine.close();
      }
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
      LoaderConfig config = set.config(true);
      try (Target target = set.open()) {
        LoaderShardSet shards = target.set();
        PrintStream out = System.out;
        long count = 0;
        Instant started = Instant.now();
        long t0 = System.nanoTime();
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
          double secs = (System.nanoTime() - t0) / 1e9;
          LoaderCursor cursor = loader.cursor();
          if (cursorOut != null) {
            cursor.write(cursorOut);
          }
          System.err.printf("%d samples read (%d of %d in epoch %d)%s%n", count,
              cursor.delivered(), shards.samples(), config.epoch(),
              cursorOut == null ? "" : "; cursor in " + cursorOut);
          target.record(command(), Map.of("command", "read", "seed", config.seed(), "epoch",
              config.epoch(), "workers", config.workers()), started, count,
              loader.bytesRead(), secs, loader.stalls(), loader.stallNanos() / 1e9,
              Bench.maxOverMean(loader.workerBusyNanos()));
        }
      }
      return 0;
    }

    private String command() {
      return set.summary("read") + (limit == null ? "" : " --limit " + limit)
          + (resume == null ? "" : " --resume " + resume)
          + (cursorOut == null ? "" : " --cursor-out " + cursorOut);
    }
  }

  /** {@code mmlake loader bench}: loader throughput against a raw read of the same tars. */
  @Command(name = "bench", mixinStandardHelpOptions = true,
      description = {"Measure the loader on a version's shard set: items/s, MB/s, p50/p99 batch "
          + "latency, worker imbalance and stalls, against a raw sequential read of the same tar "
          + "files in the same run (ratio); then JPEG decode per core, with and without resize, "
          + "and the cores needed to decode a target rate.",
          "Untimed warm-up epochs first; then --repeat rounds of (raw read, loader epoch), "
              + "figures are the median round."})
  public static final class Bench implements Callable<Integer> {
    @Mixin SetOptions set;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size (default: 256)")
    int batch = 256;

    @Option(names = "--decode", paramLabel = "on|off",
        description = "Decode images/text/npy in the loader (default: on); off delivers the raw "
            + "member bytes (read + shuffle + hand-off only)")
    String decode = "on";

    @Option(names = "--warmup", paramLabel = "N",
        description = "Untimed epochs first, so the JIT has compiled the path (default: 2)")
    int warmup = 2;

    @Option(names = "--repeat", paramLabel = "R",
        description = "Timed rounds of raw read + loader epoch; the median is reported "
            + "(default: 3)")
    int repeat = 3;

    @Option(names = "--resize", paramLabel = "S",
        description = "Decode probe: resize the shorter side to S and center-crop SxS "
            + "(default: 224)")
    int resize = 224;

    @Option(names = "--probe-seconds", paramLabel = "SEC",
        description = "Decode probe: CPU seconds per mode, 0 to skip (default: 2)")
    double probeSeconds = 2;

    @Option(names = "--target-rate", paramLabel = "IMAGES_PER_S",
        description = "Rate the cores estimate is for (default: 28000, a ViT-B/32 in fp16 on "
            + "one H200)")
    double targetRate = 28_000;

    @Override
    public Integer call() throws SQLException {
      if (!decode.equals("on") && !decode.equals("off")) {
        throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "--decode must be on or off");
      }
      if (batch < 1 || warmup < 0 || repeat < 1 || resize < 1 || probeSeconds < 0
          || targetRate <= 0) {
        throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "--batch, --repeat and --resize "
            + "must be >= 1, --warmup and --probe-seconds >= 0, --target-rate > 0");
      }
      LivePipeline live = set.live(System.out); // refuses an unknown contract first
      LoaderConfig config = set.config(decode.equals("on"));
      try (Target target = set.open()) {
        LoaderShardSet shards = target.set();
        PrintStream out = System.out;
        out.printf("set %s: %d shards, %d samples, %.1f MB; workers %d, batch %d, shuffle "
            + "buffer %d, prefetch %d, decode %s; %d cores available%n", shards.name(),
            shards.shards().size(), shards.samples(), shards.bytes() / 1e6, config.workers(),
            batch, config.shuffleBuffer(), config.prefetch(), decode,
            Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < warmup; i++) {
          // other epoch numbers, so the warm-up does not prime the timed epoch's order
          new LoaderEpochRun(shards, withEpoch(config, config.epoch() + 1 + i), batch,
              live).run();
        }
        Instant started = Instant.now();
        List<Round> rounds = new ArrayList<>();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long rawCpu = 0;
        long consumerCpu = 0;
        for (int i = 0; i < repeat; i++) {
          long c0 = mx.getCurrentThreadCpuTime();
          double raw = rawRead(shards);
          long c1 = mx.getCurrentThreadCpuTime();
          rounds.add(new Round(raw, new LoaderEpochRun(shards, config, batch, live).run()));
          rawCpu += c1 - c0;
          consumerCpu += mx.getCurrentThreadCpuTime() - c1;
        }
        printLoader(out, shards, rounds);
        long workerCpu = rounds.stream().flatMapToLong(r -> Arrays.stream(r.loader().cpu()))
            .sum();
        out.printf("cpu (thread CPU time, all %d rounds): raw read %.3f s; loader workers %.3f s "
            + "+ consumer %.3f s = %.2fx the raw read's CPU for the same bytes%n", repeat,
            rawCpu / 1e9, workerCpu / 1e9, consumerCpu / 1e9,
            (workerCpu + consumerCpu) / (double) Math.max(rawCpu, 1));
        if (probeSeconds > 0) {
          probe(out, shards);
        }
        LoaderEpochRun.Result total = LoaderEpochRun.Result.sum(rounds.stream().map(Round::loader)
            .toList());
        target.record(set.summary("bench") + " --batch " + batch + " --decode " + decode
                + " --repeat " + repeat, Map.of("command", "bench", "seed", config.seed(),
                "epoch", config.epoch(), "workers", config.workers(), "decode", decode,
                "ratio_vs_raw", median(rounds.stream().mapToDouble(Round::ratio).toArray())),
            started, total.items(), total.bytes(), total.seconds(), total.stalls(),
            total.stallNanos() / 1e9, maxOverMean(total.busy()));
      }
      return 0;
    }

    /** One timed round: the raw read of every tar, then one loader epoch. */
    private record Round(double rawSeconds, LoaderEpochRun.Result loader) {
      double ratio() {
        return (loader.items() / loader.seconds()) / (loader.itemsExpected() / rawSeconds);
      }
    }

    private void printLoader(PrintStream out, LoaderShardSet shards, List<Round> rounds) {
      List<Round> byRatio = new ArrayList<>(rounds);
      byRatio.sort((a, b) -> Double.compare(a.ratio(), b.ratio()));
      Round med = byRatio.get(byRatio.size() / 2);
      LoaderEpochRun.Result r = med.loader();
      double itemsPerSec = r.items() / r.seconds();
      double rawItemsPerSec = shards.samples() / med.rawSeconds();
      out.printf("loader: %d items in %.3f s: %.0f items/s, %.1f MB/s (median of %d rounds)%n",
          r.items(), r.seconds(), itemsPerSec, r.bytes() / 1e6 / r.seconds(), rounds.size());
      long[] lat = rounds.stream().flatMapToLong(x -> Arrays.stream(x.loader().latencies()))
          .sorted().toArray();
      out.printf("batch latency: p50 %.2f ms, p99 %.2f ms (%d batches of %d rounds)%n",
          percentile(lat, 0.50) / 1e6, percentile(lat, 0.99) / 1e6, lat.length, rounds.size());
      out.printf("workers: items %s (max/mean %.2f); busy s %s (max/mean %.2f); cpu s %s%n",
          Arrays.toString(r.perWorker()), maxOverMean(r.perWorker()), secondsOf(r.busy()),
          maxOverMean(r.busy()), secondsOf(r.cpu()));
      out.printf("stalls: consumer waited %d times, %.3f s in all%n", r.stalls(),
          r.stallNanos() / 1e9);
      double cpuSecs = Arrays.stream(r.cpu()).sum() / 1e9;
      out.printf("per core: %.0f items per worker CPU-second%n", r.items() / Math.max(cpuSecs,
          1e-9));
      out.printf("raw sequential tar read: %.3f s: %.0f items/s, %.1f MB/s (same round)%n",
          med.rawSeconds(), rawItemsPerSec, shards.bytes() / 1e6 / med.rawSeconds());
      StringBuilder each = new StringBuilder();
      for (Round x : rounds) {
        each.append(each.length() == 0 ? "" : ", ").append(String.format("%.3f", x.ratio()));
      }
      out.printf("ratio loader/raw: %.3fx (median; rounds %s)%n", med.ratio(), each);
    }

    /** Per-core decode rates on this set's images, and the cores a target rate needs. */
    private void probe(PrintStream out, LoaderShardSet shards) {
      List<byte[]> members = DecodeProbe.imagesOf(shards, 256);
      if (members.isEmpty()) {
        out.println("decode probe: skipped, the set has no .jpg/.jpeg/.png/.webp members");
        return;
      }
      List<byte[]> images = DecodeProbe.decodable(members);
      if (images.isEmpty()) {
        out.printf("decode probe: skipped, none of the first %d image members decodes (not "
            + "real images?)%n", members.size());
        return;
      }
      if (images.size() < members.size()) {
        out.printf("decode probe: %d of the first %d image members do not decode and are left "
            + "out%n", members.size() - images.size(), members.size());
      }
      out.printf("decode probe (%d images of the set, one thread, rates per CPU-second of "
          + "that thread):%n", images.size());
      for (DecodeProbe.Mode m : DecodeProbe.Mode.values()) {
        DecodeProbe.run(images, m, resize, Math.min(0.5, probeSeconds / 4)); // warm-up
        DecodeProbe.Result r = DecodeProbe.run(images, m, resize, probeSeconds);
        double rate = r.imagesPerCpuSecond();
        out.printf("  %-36s %7.0f images/s per core (%d images, %.2f CPU s, %.2f wall s; "
                + "out %dx%d); cores for %.0f images/s = ceil(%.0f / %.0f) = %d%n",
            m.label() + (m == DecodeProbe.Mode.DECODE ? "" : " " + resize), rate, r.images(),
            r.cpuSeconds(), r.wallSeconds(), r.height(), r.width(), targetRate, targetRate,
            rate, (long) Math.ceil(targetRate / rate));
      }
    }

    private static LoaderConfig withEpoch(LoaderConfig c, long epoch) {
      return new LoaderConfig(c.seed(), epoch, c.workers(), c.shuffleBuffer(), c.prefetch(),
          c.decode());
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

    private static double median(double[] v) {
      double[] s = v.clone();
      Arrays.sort(s);
      return s[s.length / 2];
    }

    private static double percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return 0;
      }
      int i = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(i, sorted.length - 1))];
    }

    static double maxOverMean(long[] v) {
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
