package dev.mmlake.bench;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.samples.SampleCorpus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The writer side of {@code mmlake bench concurrency} (the command and its Flight SQL clients live
 * in the Flight server module): writer processes ({@link WriterProcesses}) on one SQLite
 * lakehouse, each ingesting the same COCO sample source into {@code lake.items} and then running
 * single-row INSERTs. A round reports statements/s, latency, busy refusals and commit retries, and
 * checks the result ({@link ConcurrencyCheck}).
 */
public final class ConcurrencyBenchmark {
  private final Path dir;
  private final int inserts;
  private final PrintStream out;

  /** Figures of one writer round. */
  public record Round(WriterProcesses.Result result, ConcurrencyCheck.Outcome check,
      double insertsPerSecond, double ingestMs, long busy) {
    public boolean ok() {
      return check.ok();
    }
  }

  public ConcurrencyBenchmark(Path dir, int inserts, PrintStream out) {
    this.dir = dir;
    this.inserts = inserts;
    this.out = out;
  }

  /** The sample corpus the writers ingest, generated under the scratch folder on first use. */
  public Path samples() throws IOException {
    Path samples = dir.resolve("samples");
    if (!Files.isDirectory(samples)) {
      SampleCorpus.generate(samples);
    }
    return samples;
  }

  /** A new lakehouse under the scratch folder with the table the writers' INSERTs go to. */
  public Path newLakehouse(String name) throws SQLException {
    Path home = dir.resolve(name + "-" + System.nanoTime());
    try (Engine engine = Engine.open(LakehouseConfig.embedded(home));
         Session s = engine.newSession("bench")) {
      s.execute("CREATE TABLE " + ConcurrentWriter.ROWS_TABLE
          + " (id VARCHAR, writer VARCHAR, n INTEGER)").close();
    }
    return home;
  }

  /** Runs {@code processes} writers on a new lakehouse, nothing else, and prints the round. */
  public Round round(String name, int processes) throws Exception {
    Path samples = samples();
    Path home = newLakehouse(name);
    WriterProcesses.Result r = WriterProcesses.run(home, processes, inserts, samples,
        Duration.ofMinutes(10));
    return report(name, processes, r, ConcurrencyCheck.check(home, r));
  }

  /** Figures of a finished round, printed as one line. */
  public Round report(String name, int processes, WriterProcesses.Result r,
      ConcurrencyCheck.Outcome check) {
    long busy = r.statements().stream().filter(st -> st.status().equals("busy")).count();
    long[] ms = r.statements().stream().filter(st -> st.kind().equals("insert"))
        .mapToLong(WriterProcesses.Statement::millis).sorted().toArray();
    double ingestMs = r.statements().stream().filter(st -> st.kind().equals("ingest"))
        .mapToLong(WriterProcesses.Statement::millis).average().orElse(0);
    out.printf("%-10s %d writer process(es): %d statements; ingest %.0f ms avg; INSERTs %.1f/s, "
            + "p50 %d ms, p95 %d ms; busy %d, commit retries %d; checks: %s%n", name, processes,
        r.statements().size(), ingestMs, r.perSecond("insert"), percentile(ms, 0.5),
        percentile(ms, 0.95), busy, r.commitRetries(),
        check.ok() ? "ok" : check.violations());
    return new Round(r, check, r.perSecond("insert"), ingestMs, busy);
  }

  /** The {@code p} quantile (0..1] of sorted values, nearest rank; 0 for none. */
  public static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.max(0, Math.min(sorted.length - 1,
        (int) Math.ceil(p * sorted.length) - 1))];
  }
}
