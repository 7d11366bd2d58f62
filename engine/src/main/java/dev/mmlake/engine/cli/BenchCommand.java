package dev.mmlake.engine.cli;

import dev.mmlake.engine.bench.ScanBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mmlake bench}: benchmarks, each reporting ratios against a baseline from the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks (ratios against baselines measured in the same run).",
    subcommands = {BenchCommand.Scan.class})
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

    @Override
    public Integer call() throws Exception {
      new ScanBenchmark(dir, rows, System.out).run();
      return 0;
    }
  }
}
