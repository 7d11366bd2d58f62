package dev.mmlake.bench;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.samples.SampleCorpus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code mmlake bench concurrency}: N writer processes on one SQLite lakehouse against one writer
 * process, in the same run. Each process ingests the same COCO sample source into
 * {@code lake.items} and then runs single-row INSERTs; the benchmark reports statements/s, latency,
 * busy refusals and commit retries, and checks the result ({@link ConcurrencyCheck}): no
 * statement failed except as busy, no run row lost, no duplicate id.
 */
public final class ConcurrencyBenchmark {
  private final Path dir;
  private final int processes;
  private final int inserts;
  private final PrintStream out;

  public ConcurrencyBenchmark(Path dir, int processes, int inserts, PrintStream out) {
    this.dir = dir;
    this.processes = processes;
    this.inserts = inserts;
    this.out = out;
  }

  /** Runs the baseline and the concurrent round; returns false when a check failed. */
  public boolean run() throws Exception {
    Path samples = dir.resolve("samples");
    if (!Files.isDirectory(samples)) {
      SampleCorpus.generate(samples);
    }
    out.printf("%d-process baseline, then %d processes; each: 1 COCO ingest + %d single-row "
        + "INSERTs%n", 1, processes, inserts);
    Round base = round("baseline", 1, samples);
    Round many = round("concurrent", processes, samples);
    out.printf("%nsingle-row INSERTs: %.1f statements/s with %d processes vs %.1f with 1 "
        + "(x%.2f); ingest: %.0f ms per process with %d vs %.0f ms alone%n", many.insertsPerSecond,
        processes, base.insertsPerSecond, many.insertsPerSecond / base.insertsPerSecond,
        many.ingestMs, processes, base.ingestMs);
    return base.ok && many.ok;
  }

  private record Round(double insertsPerSecond, double ingestMs, boolean ok) {
  }

  private Round round(String name, int n, Path samples) throws Exception {
    Path home = dir.resolve(name + "-" + System.nanoTime());
    try (Engine engine = Engine.open(LakehouseConfig.embedded(home));
         Session s = engine.newSession("bench")) {
      s.execute("CREATE TABLE " + ConcurrentWriter.ROWS_TABLE
          + " (id VARCHAR, writer VARCHAR, n INTEGER)").close();
    }
    WriterProcesses.Result r = WriterProcesses.run(home, n, inserts, samples,
        Duration.ofMinutes(10));
    List<String> violations = ConcurrencyCheck.violations(home, r);
    long busy = r.statements().stream().filter(st -> st.status().equals("busy")).count();
    long[] ms = r.statements().stream().filter(st -> st.kind().equals("insert"))
        .mapToLong(WriterProcesses.Statement::millis).sorted().toArray();
    double ingestMs = r.statements().stream().filter(st -> st.kind().equals("ingest"))
        .mapToLong(WriterProcesses.Statement::millis).average().orElse(0);
    out.printf("%-10s %d process(es): %d statements; ingest %.0f ms avg; INSERTs %.1f/s, p50 %d "
            + "ms, p95 %d ms; busy %d, commit retries %d; checks: %s%n", name, n,
        r.statements().size(), ingestMs, r.perSecond("insert"), pct(ms, 0.5), pct(ms, 0.95), busy,
        r.commitRetries(), violations.isEmpty() ? "ok" : violations);
    return new Round(r.perSecond("insert"), ingestMs, violations.isEmpty());
  }

  private static long pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1,
        (int) Math.ceil(p * sorted.length) - 1)];
  }
}
