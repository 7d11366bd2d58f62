package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.bench.ConcurrencyCheck;
import dev.mmlake.bench.ConcurrentWriter;
import dev.mmlake.bench.WriterProcesses;
import dev.mmlake.samples.SampleCorpus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Acceptance of the many-processes model: three writer processes ingest and insert into the
 * server's lakehouse while the Flight SQL server answers eight JDBC clients that query and insert
 * at the same time. Every statement succeeds or is refused as busy after its retries, no run row is
 * lost and no id is duplicated.
 */
class FlightConcurrencyTest extends FlightTestBase {
  private static final int CLIENTS = 8;
  private static final int ROUNDS = 4;

  @Test
  void writerProcessesAndEightJdbcClientsShareOneLakehouse() throws Exception {
    Path home = dir.resolve("lakehouse");
    Path samples = dir.resolve("samples");
    SampleCorpus.generate(samples);
    try (Connection c = connect()) {
      update(c, "CREATE TABLE " + ConcurrentWriter.ROWS_TABLE
          + " (id VARCHAR, writer VARCHAR, n INTEGER)");
      update(c, "CREATE TABLE lake.client_rows (client INTEGER, n INTEGER)");
    }

    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
    try {
      Future<WriterProcesses.Result> writers = pool.submit(() ->
          WriterProcesses.run(home, 3, 4, samples, Duration.ofSeconds(240)));
      AtomicInteger inserted = new AtomicInteger();
      List<Future<List<String>>> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        int client = i;
        clients.add(pool.submit(() -> runClient(client, inserted)));
      }
      List<String> refused = new ArrayList<>();
      for (Future<List<String>> f : clients) {
        refused.addAll(f.get());
      }
      WriterProcesses.Result result = writers.get();

      // a client statement either succeeded or was refused as busy after its retries
      assertThat(refused).allSatisfy(m -> assertThat(m).containsIgnoringCase("busy"));
      assertThat(ConcurrencyCheck.violations(home, result)).isEmpty();
      try (Connection c = connect()) {
        assertThat(rows(c, "SELECT COUNT(*) FROM lake.client_rows"))
            .containsExactly(List.of((long) inserted.get()));
        assertThat(rows(c, "SELECT COUNT(*) FROM (SELECT id FROM lake.items GROUP BY id "
            + "HAVING COUNT(*) > 1)")).containsExactly(List.of(0L));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Queries and single-row inserts of one client; returns the messages of refused statements. */
  private List<String> runClient(int client, AtomicInteger inserted) throws SQLException {
    List<String> refused = new ArrayList<>();
    try (Connection c = connect()) {
      for (int n = 0; n < ROUNDS; n++) {
        try {
          rows(c, "SELECT COUNT(*) FROM lake.items");
          rows(c, "SELECT writer, COUNT(*) FROM " + ConcurrentWriter.ROWS_TABLE
              + " GROUP BY writer");
          update(c, "INSERT INTO lake.client_rows VALUES (" + client + ", " + n + ")");
          inserted.incrementAndGet();
        } catch (SQLException e) {
          refused.add(String.valueOf(e.getMessage()));
        }
      }
    }
    return refused;
  }
}
