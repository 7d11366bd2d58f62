package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.catalog.testing.CommitFaults;
import dev.mmlake.engine.obs.SpillFiles;
import dev.mmlake.engine.sql.StatementKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Run rows that cannot be committed are spilled to files and committed later, never dropped. */
class RunLogSpillTest extends EngineTestBase {

  @Test
  void rowsOfAFailedFlushAreSpilledAndCommittedByTheNextFlush() throws IOException {
    exec("CREATE TABLE lake.t (id INTEGER)");
    engine.flushRunLog();
    CommitFaults.disableRetries(engine.lakehouse().table("obs.runs"));
    faults.failBeforeCommit("obs.runs", 1000);
    exec("INSERT INTO lake.t VALUES (1)");
    exec("INSERT INTO lake.t VALUES (2)");

    engine.flushRunLog();

    Path spill = RunLog.spillDir(engine.lakehouse());
    // one spill file per failed flush: the background flusher may have tried between the INSERTs
    assertThat(files(spill)).isNotEmpty();
    faults.clear();
    assertThat(scalar("SELECT COUNT(*) FROM obs.runs WHERE statement_kind = 'INSERT'"))
        .isEqualTo(2L); // reading obs flushes: the spilled rows are committed
    assertThat(files(spill)).isEmpty();
  }

  @Test
  void rowsSpilledAtCloseAreCommittedByTheNextProcess() throws IOException {
    exec("CREATE TABLE lake.t (id INTEGER)");
    engine.flushRunLog();
    CommitFaults.disableRetries(engine.lakehouse().table("obs.runs"));
    faults.failBeforeCommit("obs.runs", 1000);
    exec("INSERT INTO lake.t VALUES (1)");
    session.close();
    engine.close(); // the last flush fails: the row goes to a spill file
    Path home = dir.resolve("lakehouse");
    assertThat(files(home.resolve("spill").resolve("runs"))).hasSize(1);

    engine = Engine.open(LakehouseConfig.embedded(home));
    session = engine.newSession("test");
    assertThat(scalar("SELECT COUNT(*) FROM obs.runs WHERE statement_kind = 'INSERT'"))
        .isEqualTo(1L);
    assertThat(files(home.resolve("spill").resolve("runs"))).isEmpty();
  }

  @Test
  void aClaimLeftByADeadProcessIsCommittedOnlyIfMissing() throws Exception {
    exec("CREATE TABLE lake.t (id INTEGER)");
    exec("INSERT INTO lake.t VALUES (1)");
    engine.flushRunLog();
    String committedRun = (String) scalar("SELECT run_id FROM obs.runs WHERE statement_kind = "
        + "'INSERT'");
    SpillFiles<RunRecord> spill = RunSpill.files(RunLog.spillDir(engine.lakehouse()));
    RunRecord committed = new RunRecord(committedRun, "d", StatementKind.INSERT,
        "INSERT ...", "u", Instant.now(), Instant.now(), 0, 1,
        List.of(), "ok", null, 0, 0, null);
    RunRecord lost = new RunRecord("lost-run", "d", StatementKind.INSERT,
        "INSERT ...", "u", Instant.now(), Instant.now(), 0, 1,
        List.of(), "ok", null, 0, 0, null);
    Path file = spill.write(List.of(committed, lost), false);
    // as if a process (that no longer exists) had claimed it and crashed after its commit
    Files.move(file, file.resolveSibling(file.getFileName() + ".claimed-" + deadPid()));

    assertThat(scalar("SELECT COUNT(*) FROM obs.runs WHERE run_id = '" + committedRun + "'"))
        .isEqualTo(1L);
    assertThat(scalar("SELECT COUNT(*) FROM obs.runs WHERE run_id = 'lost-run'")).isEqualTo(1L);
    assertThat(files(RunLog.spillDir(engine.lakehouse()))).isEmpty();
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
