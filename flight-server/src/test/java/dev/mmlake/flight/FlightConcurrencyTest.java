package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.bench.ConcurrencyCheck;
import dev.mmlake.bench.ConcurrentWriter;
import dev.mmlake.bench.JdbcClients;
import dev.mmlake.bench.WriterProcesses;
import dev.mmlake.samples.SampleCorpus;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Acceptance of the many-processes model: three writer processes ingest and insert into the
 * server's lakehouse while the Flight SQL server answers eight JDBC clients ({@link JdbcClients},
 * the clients of {@code mmlake bench concurrency}) that query and insert at the same time. Every
 * statement succeeds or is refused as busy after its retries, no run row is lost and no id is
 * duplicated.
 */
class FlightConcurrencyTest extends FlightTestBase {
  private static final int CLIENTS = 8;
  private static final int ROUNDS = 4;

  @Test
  void writerProcessesAndEightJdbcClientsShareOneLakehouse() throws Exception {
    Path home = dir.resolve("lakehouse");
    Path samples = dir.resolve("samples");
    SampleCorpus.generate(samples);
    JdbcClients clients = new JdbcClients(url());
    try (Connection c = connect()) {
      update(c, "CREATE TABLE " + ConcurrentWriter.ROWS_TABLE
          + " (id VARCHAR, writer VARCHAR, n INTEGER)");
      update(c, JdbcClients.CREATE_TABLE);
    }

    CountDownLatch released = new CountDownLatch(1);
    CompletableFuture<WriterProcesses.Result> writers = CompletableFuture.supplyAsync(() -> {
      try {
        return WriterProcesses.run(home, 3, 4, samples, Duration.ofSeconds(240),
            released::countDown);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        released.countDown();
      }
    });
    assertThat(released.await(240, TimeUnit.SECONDS)).isTrue();
    // the clients start as the writers are released, so their statements overlap
    JdbcClients.Stats stats = clients.run(CLIENTS, ROUNDS, () -> false);
    WriterProcesses.Result result = writers.join();

    // a client statement either succeeded or was refused as busy after its retries
    assertThat(stats.failures()).isEmpty();
    assertThat(stats.queriesOk() + stats.insertsOk() + stats.busy())
        .isEqualTo(CLIENTS * ROUNDS * 3L);
    assertThat(ConcurrencyCheck.violations(home, result)).isEmpty();
    try (Connection c = connect()) {
      assertThat(rows(c, "SELECT COUNT(*) FROM " + JdbcClients.TABLE))
          .containsExactly(List.of(clients.inserted()));
      assertThat(rows(c, "SELECT COUNT(*) FROM (SELECT id FROM lake.items GROUP BY id "
          + "HAVING COUNT(*) > 1)")).containsExactly(List.of(0L));
    }
  }
}
