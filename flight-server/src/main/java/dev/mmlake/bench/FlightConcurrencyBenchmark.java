package dev.mmlake.bench;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.flight.MmlakeFlightServer;
import dev.mmlake.flight.ServerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code mmlake bench concurrency}: writer processes ingesting into one SQLite lakehouse while a
 * Flight SQL server on that lakehouse (in this JVM, on 127.0.0.1) answers JDBC clients
 * ({@link JdbcClients}) at the same time. Baselines from the same run: the clients' query latency
 * with no writer running (idle), and optionally one writer process alone. Checks: every statement
 * succeeded or was refused as busy after its retries, no run row lost, no duplicate id, every
 * client INSERT that succeeded is in its table.
 */
public final class FlightConcurrencyBenchmark {
  private final Path dir;
  private final int processes;
  private final int inserts;
  private final int clients;
  private final int idleRounds;
  private final boolean writerBaseline;
  private final PrintStream out;

  /**
   * @param idleRounds rounds each client runs for the idle baseline (and at least during the
   *     writers' run)
   * @param writerBaseline also run one writer process alone first, for the writers' ratio
   */
  public FlightConcurrencyBenchmark(Path dir, int processes, int inserts, int clients,
      int idleRounds, boolean writerBaseline, PrintStream out) {
    this.dir = dir;
    this.processes = processes;
    this.inserts = inserts;
    this.clients = clients;
    this.idleRounds = idleRounds;
    this.writerBaseline = writerBaseline;
    this.out = out;
  }

  /** Runs the baselines and the concurrent round; returns false when a check failed. */
  public boolean run() throws Exception {
    ConcurrencyBenchmark writers = new ConcurrencyBenchmark(dir, inserts, out);
    Path samples = writers.samples();
    out.printf("Each writer process: 1 COCO ingest into lake.items + %d single-row INSERTs. "
        + "Each JDBC client round: 2 queries + 1 single-row INSERT.%n", inserts);
    ConcurrencyBenchmark.Round alone = writerBaseline ? writers.round("alone", 1) : null;

    Path home = writers.newLakehouse("flight");
    try (Engine engine = Engine.open(LakehouseConfig.embedded(home));
         MmlakeFlightServer server = MmlakeFlightServer.start(engine, ServerConfig.local(0))) {
      JdbcClients jdbc = new JdbcClients("jdbc:arrow-flight-sql://127.0.0.1:" + server.port()
          + "?useEncryption=false");
      try (Connection c = jdbc.connect(); Statement st = c.createStatement()) {
        st.executeUpdate(JdbcClients.CREATE_TABLE);
      }
      jdbc.run(clients, 1, () -> false); // warm-up: connections, plans, JIT
      JdbcClients.Stats idle = jdbc.run(clients, idleRounds, () -> false);
      print("idle", idle);

      CountDownLatch released = new CountDownLatch(1);
      CompletableFuture<WriterProcesses.Result> running = CompletableFuture.supplyAsync(() -> {
        try {
          return WriterProcesses.run(home, processes, inserts, samples, Duration.ofMinutes(15),
              released::countDown);
        } catch (Exception e) {
          throw new IllegalStateException("Writer processes failed to run: " + e.getMessage(), e);
        } finally {
          released.countDown();
        }
      });
      released.await(16, TimeUnit.MINUTES);
      JdbcClients.Stats loaded = jdbc.run(clients, 1, () -> !running.isDone());
      WriterProcesses.Result result = running.join();
      print("ingest", loaded);

      ConcurrencyCheck.Outcome check = ConcurrencyCheck.check(home, result);
      ConcurrencyBenchmark.Round many = writers.report("concurrent", processes, result, check);
      List<String> violations = new ArrayList<>(check.violations());
      for (JdbcClients.Stats s : List.of(idle, loaded)) {
        s.failures().forEach(f -> violations.add("JDBC statement failed: " + f));
      }
      long clientRows = count(jdbc, "SELECT COUNT(*) FROM " + JdbcClients.TABLE);
      if (clientRows != jdbc.inserted()) {
        violations.add(JdbcClients.TABLE + " has " + clientRows + " rows for " + jdbc.inserted()
            + " successful client INSERTs");
      }
      summary(result, check, idle, loaded, alone, many);
      if (!violations.isEmpty()) {
        out.println("CHECKS FAILED:");
        violations.forEach(v -> out.println("  " + v));
      }
      return violations.isEmpty() && (alone == null || alone.ok());
    }
  }

  private void print(String phase, JdbcClients.Stats s) {
    out.printf("%-10s %d JDBC clients: %d queries ok, %d failed, %d busy; %d INSERTs ok, %d "
            + "statements failed in all; query p50 %.1f ms, p99 %.1f ms%n", phase, clients, s.queriesOk(), s.queriesFailed(),
        s.busy(), s.insertsOk(), s.failures().size(), s.queryMillis(0.5), s.queryMillis(0.99));
  }

  private void summary(WriterProcesses.Result result, ConcurrencyCheck.Outcome check,
      JdbcClients.Stats idle, JdbcClients.Stats loaded, ConcurrencyBenchmark.Round alone,
      ConcurrencyBenchmark.Round many) {
    out.println();
    for (int w = 0; w < processes; w++) {
      String writer = "writer-" + w;
      long ok = result.statements().stream()
          .filter(s -> s.writer().equals(writer) && s.status().equals("ok")).count();
      long busy = result.statements().stream()
          .filter(s -> s.writer().equals(writer) && s.status().equals("busy")).count();
      long failed = result.statements().stream().filter(s -> s.writer().equals(writer)).count()
          - ok - busy;
      out.printf("%s: %d statements ok, %d busy, %d failed%n", writer, ok, busy, failed);
    }
    out.printf("JDBC queries during ingest: %d ok, %d failed, %d busy; p50 %.1f ms vs %.1f ms "
            + "idle (x%.2f), p99 %.1f ms vs %.1f ms idle (x%.2f)%n", loaded.queriesOk(),
        loaded.queriesFailed(), loaded.busy(), loaded.queryMillis(0.5), idle.queryMillis(0.5),
        ratio(loaded.queryMillis(0.5), idle.queryMillis(0.5)), loaded.queryMillis(0.99),
        idle.queryMillis(0.99), ratio(loaded.queryMillis(0.99), idle.queryMillis(0.99)));
    if (alone != null) {
      out.printf("writers' single-row INSERTs: %.1f/s with %d processes and the server vs %.1f "
              + "with 1 alone (x%.2f); ingest %.0f ms per process vs %.0f ms alone%n",
          many.insertsPerSecond(), processes, alone.insertsPerSecond(),
          ratio(many.insertsPerSecond(), alone.insertsPerSecond()), many.ingestMs(),
          alone.ingestMs());
    }
    out.printf("run rows lost: %d of %d; duplicate ids in lake.items: %d (%d items); commit "
        + "retries: %d%n", check.runRowsLost(), check.runRowsExpected(), check.duplicateIds(),
        check.items(), result.commitRetries());
  }

  private static double ratio(double a, double b) {
    return b == 0 ? 0 : a / b;
  }

  private static long count(JdbcClients jdbc, String sql) throws Exception {
    try (Connection c = jdbc.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
