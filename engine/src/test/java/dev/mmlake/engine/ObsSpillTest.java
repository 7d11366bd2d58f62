package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.catalog.testing.CommitFaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lineage events and metrics whose commit fails are spilled to files and committed by a later
 * flush, in this process or the next: never lost, never written twice.
 */
class ObsSpillTest extends EngineTestBase {
  @BeforeEach
  void table() {
    exec("CREATE TABLE lake.t (id INTEGER)");
    engine.flushRunLog();
  }

  @ParameterizedTest
  @ValueSource(strings = {"obs.lineage_events", "obs.metrics"})
  void rowsOfALockedCatalogAreSpilledAndCommittedByTheNextFlush(String table) throws IOException {
    String control = insertAndRunId(1);
    long controlMetrics = metrics(control);
    assertThat(controlMetrics).isPositive();

    CommitFaults.disableRetries(engine.lakehouse().table(table));
    faults.busy(table, 1000); // what another process holding the catalog's lock looks like
    String spilled = insertAndRunId(2); // reading obs.runs flushes obs: the commit fails
    assertThat(files(spillDir(table))).isNotEmpty();
    faults.clear();

    assertThat(events(spilled)).isEqualTo(List.of(List.of("COMPLETE"), List.of("START")));
    assertThat(metrics(spilled)).isEqualTo(controlMetrics);
    assertThat(files(spillDir(table))).isEmpty();
  }

  @Test
  void rowsSpilledAtCloseAreCommittedByTheNextProcess() throws IOException {
    long expected = metrics(insertAndRunId(1)); // flushed: nothing is pending
    failMetricCommits();
    exec("INSERT INTO lake.t VALUES (2)");
    session.close();
    engine.close(); // the last flush fails: the rows go to a spill file
    Path spill = dir.resolve("lakehouse").resolve("spill").resolve("obs.metrics");
    assertThat(files(spill)).isNotEmpty();

    engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lakehouse")));
    session = engine.newSession("test");
    String run = (String) scalar("SELECT run_id FROM obs.runs WHERE statement_text LIKE "
        + "'%VALUES (2)%'");
    assertThat(events(run)).isEqualTo(List.of(List.of("COMPLETE"), List.of("START")));
    assertThat(metrics(run)).isEqualTo(expected);
    assertThat(files(spill)).isEmpty();
  }

  @Test
  void rowsOfACommitWithAnUnknownOutcomeAreNotWrittenTwice() throws IOException {
    String control = insertAndRunId(1);
    long expected = metrics(control);
    CommitFaults.disableRetries(engine.lakehouse().table("obs.metrics"));
    faults.failAfterCommit("obs.metrics", 1); // committed, then the outcome is lost
    String run = insertAndRunId(2);
    // the fault fired; the spill file may already be replayed by the background flush
    assertThat(faults.injected()).isEqualTo(1);

    assertThat(metrics(run)).isEqualTo(expected);
    assertThat(files(spillDir("obs.metrics"))).isEmpty();
  }

  @Test
  void aClaimLeftByADeadProcessIsCommittedOnlyIfMissing() throws Exception {
    failMetricCommits();
    String run = insertAndRunId(1);
    Path copies = Files.createDirectories(dir.resolve("copies"));
    copySpillFiles(spillDir("obs.metrics"), copies);
    faults.clear();
    long committed = metrics(run); // commits the spilled rows
    assertThat(committed).isPositive();

    // as if a process (that no longer exists) had claimed the file and crashed after its commit
    long dead = deadPid();
    for (Path copy : files(copies)) {
      Files.move(copy, spillDir("obs.metrics").resolve(copy.getFileName() + ".claimed-" + dead));
    }
    assertThat(metrics(run)).isEqualTo(committed);
    assertThat(files(spillDir("obs.metrics"))).isEmpty();
  }

  private void failMetricCommits() {
    CommitFaults.disableRetries(engine.lakehouse().table("obs.metrics"));
    faults.failBeforeCommit("obs.metrics", 1000);
  }

  private String insertAndRunId(int id) {
    exec("INSERT INTO lake.t VALUES (" + id + ")");
    return (String) scalar("SELECT run_id FROM obs.runs WHERE statement_text LIKE '%VALUES ("
        + id + ")%'");
  }

  private long metrics(String runId) {
    return (Long) scalar("SELECT COUNT(*) FROM obs.metrics WHERE run_id = '" + runId + "'");
  }

  private List<List<Object>> events(String runId) {
    return rows("SELECT event_type FROM obs.lineage_events WHERE run_id = '" + runId
        + "' ORDER BY event_type");
  }

  private Path spillDir(String table) {
    return engine.lakehouse().config().home().resolve("spill").resolve(table);
  }

  /** Copies the unclaimed spill files; the background flusher may hold one for a moment. */
  private static void copySpillFiles(Path from, Path to) throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        for (Path f : files(from)) {
          if (f.getFileName().toString().endsWith(".json")) {
            Files.copy(f, to.resolve(f.getFileName()));
          }
        }
        if (!files(to).isEmpty()) {
          return;
        }
      } catch (NoSuchFileException e) {
        // claimed between listing and copying: try again
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("No spill file to copy in " + from);
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
