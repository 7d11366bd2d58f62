package dev.mmlake.cli;

import dev.mmlake.bench.AnnDedupBenchmark;
import dev.mmlake.bench.EmbedCacheHitBenchmark;
import dev.mmlake.bench.EmbedSqlBenchmark;
import dev.mmlake.bench.IngestBenchmark;
import dev.mmlake.bench.ScanBenchmark;
import dev.mmlake.bench.SearchBenchmark;
import dev.mmlake.bench.ShardsBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmlake bench}: benchmarks, each reporting ratios against a baseline from the same run.
 * Modules above the engine add theirs through {@link CliExtension#parent()} ({@code concurrency}
 * comes from the Flight server, which it runs next to the writers).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks (ratios against baselines measured in the same run).",
    subcommands = {BenchCommand.Scan.class, BenchCommand.Embed.class, BenchCommand.Ingest.class,
        BenchCommand.Dedup.class, BenchCommand.Shards.class, BenchCommand.Search.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code mmlake bench scan}. */
  @Command(name = "scan", mixinStandardHelpOptions = true,
      description = "Full scan, narrow filter and GROUP BY via mmlake, Iceberg generics and DuckDB.")
  public static final class Scan implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "1000000", description = "Table rows (default: ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--dir", defaultValue = "bench-out/scan",
        description = "Benchmark lakehouse folder; data is reused across runs (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--runs", defaultValue = "5",
        description = "Timed rounds after the warm-up; the median is reported (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "15", paramLabel = "SECONDS",
        description = "Untimed runs of each shape on each path until this many seconds have passed, "
            + "at least one (the JIT compiles mmlake's hot paths over hundreds of runs) "
            + "(default: ${DEFAULT-VALUE})")
    double warmup;

    @Override
    public Integer call() throws Exception {
      if (runs < 1) {
        System.err.println("--runs must be at least 1");
        return 1;
      }
      if (warmup < 0) {
        System.err.println("--warmup must be at least 0 seconds");
        return 1;
      }
      new ScanBenchmark(dir, rows, runs, warmup, System.out).run();
      return 0;
    }
  }

  /** {@code mmlake bench embed}. */
  @Command(name = "embed", mixinStandardHelpOptions = true,
      description = {"SELECT EMBED_TEXT(...) texts/s vs a plain DJL predictor loop, same run.",
          "With --cache-rows N: cache-hit texts/s against N cached vectors vs an in-memory "
              + "HashMap look-up, same run."})
  public static final class Embed implements Callable<Integer> {
    @Option(names = "--texts", defaultValue = "512", description = "Texts per round (default: ${DEFAULT-VALUE})")
    int texts;

    @Option(names = "--rounds", defaultValue = "2", description = "Alternating rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--cache-rows", defaultValue = "0",
        description = "Cached vectors for the cache-hit mode (0: cold-cache mode)")
    int cacheRows;

    @Option(names = "--dir", defaultValue = "bench-out/embed", description = "Scratch folder")
    Path dir;

    @Override
    public Integer call() throws Exception {
      if (cacheRows < 0 || texts <= 0 || rounds <= 0) {
        System.err.println("--texts and --rounds must be positive, --cache-rows >= 0");
        return 1;
      }
      if (cacheRows > 0) {
        new EmbedCacheHitBenchmark(dir.resolve(String.valueOf(System.nanoTime())), texts,
            cacheRows, rounds, System.out).run();
        return 0;
      }
      new EmbedSqlBenchmark(dir.resolve(String.valueOf(System.nanoTime())),
          texts, rounds, System.out).run();
      return 0;
    }
  }

  /** {@code mmlake bench ingest}. */
  @Command(name = "ingest", mixinStandardHelpOptions = true,
      description = "Ingest throughput into CAS (images, texts) vs a raw file copy, same run.")
  public static final class Ingest implements Callable<Integer> {
    @Option(names = "--images", defaultValue = "300", description = "Images (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--texts", defaultValue = "3000", description = "Texts (default: ${DEFAULT-VALUE})")
    int texts;

    @Option(names = "--dir", defaultValue = "bench-out/ingest", description = "Scratch folder (emptied)")
    Path dir;

    @Override
    public Integer call() throws Exception {
      IngestBenchmark.main(new String[] {
          dir.resolve(String.valueOf(System.nanoTime())).toString(), String.valueOf(images),
          String.valueOf(texts)});
      return 0;
    }
  }

  /** {@code mmlake bench dedup}. */
  @Command(name = "dedup", mixinStandardHelpOptions = true,
      description = "ANN_DEDUP on synthetic unit vectors with planted near-duplicates: wall time, "
          + "peak memory, recall and speedup vs brute force, same run.")
  public static final class Dedup implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "1000000", description = "Vectors (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--dim", defaultValue = "384", description = "Dimensions (default: ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--threshold", defaultValue = "0.9", description = "Cosine threshold")
    double threshold;

    @Option(names = "--samples", defaultValue = "2000", description = "Brute-force query sample")
    int samples;

    @Override
    public Integer call() {
      AnnDedupBenchmark.main(new String[] {String.valueOf(n), String.valueOf(dim),
          String.valueOf(threshold), String.valueOf(samples)});
      return 0;
    }
  }

  /** {@code mmlake bench shards}. */
  @Command(name = "shards", mixinStandardHelpOptions = true,
      description = "WRITE_SHARDS MB/s and samples/s over a generated version vs a plain "
          + "sequential tar (commons-compress) of the same blob files, same run.")
  public static final class Shards implements Callable<Integer> {
    @Option(names = "--items", defaultValue = "2000", description = "Items (default: ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--kb", defaultValue = "100",
        description = "Mean blob size in KiB (default: ${DEFAULT-VALUE})")
    int kb;

    @Option(names = "--rounds", defaultValue = "3", description = "Alternating rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--dir", defaultValue = "bench-out/shards", description = "Scratch folder")
    Path dir;

    @Option(names = "--verify-blobs", defaultValue = "true", arity = "1",
        description = "The shards.verify-blobs setting: re-hash every blob while copying it "
            + "(default: ${DEFAULT-VALUE})")
    boolean verifyBlobs;

    @Override
    public Integer call() throws Exception {
      new ShardsBenchmark(dir.resolve(String.valueOf(System.nanoTime())), items,
          kb, rounds, verifyBlobs, System.out).run();
      return 0;
    }
  }

  /** {@code mmlake bench search}. */
  @Command(name = "search", mixinStandardHelpOptions = true,
      description = "Exact cosine k-NN queries/s (VECTOR_SEARCH one query per scan, "
          + "VECTOR_SEARCH_BATCH many per scan) vs a plain Java loop over the same float arrays, "
          + "same run.")
  public static final class Search implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "1000000", description = "Corpus vectors (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--dim", defaultValue = "384", description = "Dimensions (default: ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--queries", defaultValue = "5",
        description = "Single queries, each one scan (default: ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--batch", defaultValue = "256",
        description = "Queries answered by one batched scan (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--threads", defaultValue = "0", description = "Search threads (0: all cores)")
    int threads;

    @Override
    public Integer call() {
      if (rows <= 0 || dim <= 0 || k <= 0 || queries <= 0 || batch <= 0 || threads < 0) {
        throw new Main.UserError("--rows, --dim, --k, --queries and --batch must be positive");
      }
      new SearchBenchmark(rows, dim, k, queries, batch,
          threads == 0 ? Runtime.getRuntime().availableProcessors() : threads, System.out).run();
      return 0;
    }
  }
}
