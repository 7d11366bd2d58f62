package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.iceberg.IngestCheckpoints;
import dev.mmlake.samples.SampleCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpointed ingest: an INSERT fed by a connector commits every
 * {@code ingest.checkpoint-items} rows as a snapshot of one run, and a rerun after
 * {@code kill -9} finishes with the same items as one clean ingest.
 */
class CheckpointCrashTest {
  @TempDir static Path shared;
  @TempDir Path dir;
  static Path samples;

  @BeforeAll
  static void samples() throws IOException {
    samples = shared.resolve("samples");
    SampleCorpus.generate(samples);
  }

  @Test
  void connectorInsertCommitsOneSnapshotPerCheckpointInOneRun() throws Exception {
    LakehouseConfig config = LakehouseConfig.embedded(dir.resolve("lh"))
        .with(IngestCheckpoints.ITEMS, "10");
    try (Engine engine = Engine.open(config); Session s = engine.newSession("test")) {
      int before = snapshots(engine);
      long written;
      try (StatementResult r = s.execute(CheckpointedIngestMain.coco(samples))) {
        written = r.updateCount();
      }
      long rows = count(s, "SELECT COUNT(*) FROM lake.items");
      assertThat(rows).isGreaterThan(20).isEqualTo(written);
      long checkpoints = (rows + 9) / 10;
      assertThat(snapshots(engine) - before).isEqualTo(checkpoints);
      engine.flushRunLog();
      List<String> runs = strings(s, "SELECT snapshot_ids FROM obs.runs WHERE statement_kind = "
          + "'INSERT'");
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).split(",")).hasSize((int) checkpoints);
      assertThat(count(s, "SELECT rows_written FROM obs.runs WHERE statement_kind = 'INSERT'"))
          .isEqualTo(rows);
    }
  }

  @Test
  void plainInsertStaysOneSnapshot() throws Exception {
    LakehouseConfig config = LakehouseConfig.embedded(dir.resolve("plain"))
        .with(IngestCheckpoints.ITEMS, "1");
    try (Engine engine = Engine.open(config); Session s = engine.newSession("test")) {
      s.execute("CREATE TABLE lake.p (id VARCHAR, n INTEGER)").close();
      s.execute("INSERT INTO lake.p VALUES ('a', 1), ('b', 2), ('c', 3)").close();
      assertThat(engine.lakehouse().table("lake.p").snapshots()).hasSize(1);
    }
  }

  @Test
  void rerunAfterKillNineEqualsOneCleanIngest() throws Exception {
    Set<String> clean;
    try (Engine engine = Engine.open(LakehouseConfig.embedded(dir.resolve("clean")));
         Session s = engine.newSession("clean")) {
      s.execute(CheckpointedIngestMain.coco(samples)).close();
      clean = new HashSet<>(strings(s, "SELECT id FROM lake.items"));
    }

    Path home = dir.resolve("crashed");
    LakehouseConfig config = LakehouseConfig.embedded(home).with(IngestCheckpoints.ITEMS, "3");
    try (Engine engine = Engine.open(config)) {
      // tables exist before the writer starts, so it only commits checkpoints
    }
    Path metadata = itemsMetadata(home);
    long metadataBefore = metadataFiles(metadata);
    Process p = start(home);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      // two new metadata files: at least one checkpoint committed
      while (metadataFiles(metadata) < metadataBefore + 2 && p.isAlive()
          && System.nanoTime() < deadline) {
        p.waitFor(50, TimeUnit.MILLISECONDS);
      }
      assertThat(p.isAlive()).as("ingest still running after its first checkpoint").isTrue();
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
    }

    try (Engine engine = Engine.open(config); Session s = engine.newSession("rerun")) {
      long committed = count(s, "SELECT COUNT(*) FROM lake.items");
      assertThat(committed).as("rows committed before the kill").isPositive()
          .isLessThan(clean.size());
      s.execute(CheckpointedIngestMain.coco(samples)).close();
      List<String> ids = strings(s, "SELECT id FROM lake.items");
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(new HashSet<>(ids)).isEqualTo(clean);
    }
  }

  private Process start(Path home) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dai.djl.offline=true", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-modules", "jdk.incubator.vector",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"),
        CheckpointedIngestMain.class.getName(), home.toString(), samples.toString(), "3", "300"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("writer.log").toFile());
    pb.environment().put("OPT_OUT_TRACKING", "true");
    return pb.start();
  }

  private static Path itemsMetadata(Path home) throws IOException {
    try (Stream<Path> s = Files.walk(home)) {
      return s.filter(p -> p.endsWith("metadata") && p.getParent().getFileName().toString()
          .startsWith("items")).findFirst().orElseThrow();
    }
  }

  private static long metadataFiles(Path metadata) throws IOException {
    try (Stream<Path> s = Files.list(metadata)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".metadata.json")).count();
    }
  }

  private static int snapshots(Engine engine) {
    int n = 0;
    for (Snapshot ignored : engine.lakehouse().table("lake.items").snapshots()) {
      n++;
    }
    return n;
  }

  private static long count(Session s, String sql) throws SQLException {
    try (StatementResult r = s.execute(sql)) {
      ResultSet rs = r.resultSet();
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> strings(Session s, String sql) throws SQLException {
    try (StatementResult r = s.execute(sql)) {
      ResultSet rs = r.resultSet();
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
