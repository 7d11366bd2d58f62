package dev.mmlake.cli.bench;

import dev.mmlake.bench.FlightConcurrencyBenchmark;
import dev.mmlake.cli.Main;
import dev.mmlake.error.ErrorKind;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mmlake bench concurrency}: writer processes plus a Flight SQL server and its clients. */
@Command(name = "concurrency", mixinStandardHelpOptions = true,
    description = {"N writer processes ingesting into one SQLite lakehouse (a COCO ingest and "
        + "single-row INSERTs each) while a Flight SQL server on it answers JDBC clients.",
        "Baselines from the same run: query latency with no writer, one writer alone.",
        "Checks every statement succeeded or was refused as busy, no run row lost, no duplicate "
            + "id. Exit 4 when a check fails."})
public final class ConcurrencyCommand implements Callable<Integer> {
  private static final String ICEBERG_RETRY_LOG =
      "org.slf4j.simpleLogger.log.org.apache.iceberg.util.Tasks";

  /** Held: java.util.logging keeps loggers only while they are referenced. */
  private static final Logger JDBC_DRIVER_LOG =
      Logger.getLogger("org.apache.arrow.driver.jdbc.shaded");

  @Option(names = "--processes", defaultValue = "3", description = "Writer processes (default: ${DEFAULT-VALUE})")
  int processes;

  @Option(names = "--inserts", defaultValue = "20", description = "Single-row INSERTs per process (default: ${DEFAULT-VALUE})")
  int inserts;

  @Option(names = "--clients", defaultValue = "8", description = "JDBC clients (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--idle-rounds", defaultValue = "10",
      description = "Rounds per client for the idle latency baseline (default: ${DEFAULT-VALUE})")
  int idleRounds;

  @Option(names = "--no-writer-baseline", negatable = false,
      description = "Skip the one-writer-alone baseline round")
  boolean noWriterBaseline;

  @Option(names = "--dir", defaultValue = "bench-out/concurrency", description = "Scratch folder (default: ${DEFAULT-VALUE})")
  Path dir;

  @Override
  public Integer call() throws Exception {
    if (processes < 1 || inserts < 0 || clients < 1 || idleRounds < 1) {
      throw new Main.UserError("--processes, --clients and --idle-rounds must be >= 1 and "
          + "--inserts >= 0");
    }
    // Commit conflicts are expected here and counted; Iceberg logs each retry with a stack
    // trace, and the JDBC driver's allocator announces itself on java.util.logging.
    if (System.getProperty(ICEBERG_RETRY_LOG) == null) {
      System.setProperty(ICEBERG_RETRY_LOG, "error");
    }
    JDBC_DRIVER_LOG.setLevel(Level.WARNING);
    boolean ok = new FlightConcurrencyBenchmark(dir, processes, inserts, clients, idleRounds,
        !noWriterBaseline, System.out).run();
    return ok ? 0 : Main.exitCode(ErrorKind.CONFLICT);
  }
}
