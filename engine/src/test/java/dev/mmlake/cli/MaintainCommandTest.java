package dev.mmlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.QueryRows;
import dev.mmlake.engine.Session;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmlake maintain}: after 200 small inserts and a version tag, data files drop to a
 * handful, the tagged snapshot still reads, orphan blobs and files are removed, referenced blobs
 * are kept, and the counts are printed and recorded in {@code obs.metrics}.
 */
class MaintainCommandTest {
  @TempDir Path dir;

  private static List<List<Object>> rows(Session session, String sql) {
    return QueryRows.of(session, sql);
  }

  private static void exec(Session session, String sql) {
    session.execute(sql).close();
  }

  private static void age(Path p) throws Exception {
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
  }

  @Test
  void compactsExpiresAndCollectsKeepingTheTaggedSnapshotAndItsBlobs() throws Exception {
    Path home = dir.resolve("lh");
    String taggedOnly;
    String current;
    String orphan;
    String fresh;
    long tagged = -1;
    Path orphanFile;
    try (Engine engine = Engine.open(LakehouseConfig.embedded(home));
         Session session = engine.newSession("test")) {
      Lakehouse lh = engine.lakehouse();
      taggedOnly = lh.cas().put("only in the tagged snapshot".getBytes(StandardCharsets.UTF_8))
          .hash();
      current = lh.cas().put("in the current rows".getBytes(StandardCharsets.UTF_8)).hash();
      orphan = lh.cas().put("no row names me".getBytes(StandardCharsets.UTF_8)).hash();
      fresh = lh.cas().put("stored by an ingest in flight".getBytes(StandardCharsets.UTF_8))
          .hash();
      for (String d : List.of(taggedOnly, current, orphan)) {
        age(lh.cas().pathOf(d));
      }
      exec(session, "CREATE TABLE lake.t (id INTEGER, uri VARCHAR)");
      for (int i = 0; i < 200; i++) {
        String uri = i == 150 ? "'cas://sha256/" + current + "'" : "NULL";
        exec(session, "INSERT INTO lake.t VALUES (" + i + ", " + uri + ")");
        if (i == 99) {
          Table t = lh.table("lake.t");
          tagged = t.currentSnapshot().snapshotId();
          t.manageSnapshots().createTag("v1", tagged).commit();
        }
      }
      // a blob only a tagged snapshot of another table references
      exec(session, "CREATE TABLE lake.s (id INTEGER, uri VARCHAR)");
      exec(session, "INSERT INTO lake.s VALUES (1, 'cas://sha256/" + taggedOnly + "')");
      Table s = lh.table("lake.s");
      s.manageSnapshots().createTag("old", s.currentSnapshot().snapshotId()).commit();
      exec(session, "DELETE FROM lake.s");
      Table t = lh.table("lake.t");
      assertThat(Long.parseLong(t.currentSnapshot().summary().get("total-data-files")))
          .isGreaterThanOrEqualTo(199);
      orphanFile = Path.of(t.location().replaceFirst("^file:", ""), "data", "junk.parquet");
      Files.writeString(orphanFile, "left by a killed writer");
      age(orphanFile);
    }

    CliRun dry = CliRun.run("maintain", "--home", home.toString(), "--older-than", "0",
        "--orphan-grace", "0", "--blob-grace", "1h", "--runs-retention", "0", "--dry-run");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("Dry run").contains("blobs_removed=1");
    assertThat(orphanFile).exists();

    CliRun r = CliRun.run("maintain", "--home", home.toString(), "--older-than", "0",
        "--orphan-grace", "0", "--blob-grace", "1h", "--runs-retention", "0");
    assertThat(r.code()).as(r.err()).isZero();
    System.out.println(r.out());
    assertThat(r.out()).contains("lake.t").contains("blobs_removed=1")
        .contains("orphan_files_removed=1,").contains("expired_data_files_deleted=100")
        .doesNotContain("orphan_files_removed=6");

    try (Engine engine = Engine.open(LakehouseConfig.embedded(home));
         Session session = engine.newSession("test")) {
      Lakehouse lh = engine.lakehouse();
      Table t = lh.table("lake.t");
      long files = Long.parseLong(t.currentSnapshot().summary().get("total-data-files"));
      assertThat(files).isLessThanOrEqualTo(3);
      assertThat(t.snapshot(tagged)).isNotNull();
      assertThat(t.refs()).containsKey("v1");
      try (CloseableIterable<FileScanTask> tasks = t.newScan().useSnapshot(tagged).planFiles()) {
        for (FileScanTask task : tasks) {
          assertThat(Path.of(URI.create(task.file().location().startsWith("file:")
              ? task.file().location() : "file:" + task.file().location()))).exists();
        }
      }
      assertThat(rows(session, "SELECT id FROM lake.\"t@v1\"")).hasSize(100);
      assertThat(rows(session, "SELECT COUNT(*), MIN(id), MAX(id) FROM lake.t"))
          .containsExactly(List.of(200L, 0, 199));
      assertThat(rows(session, "SELECT COUNT(*), MIN(id), MAX(id) FROM lake.\"t@v1\""))
          .containsExactly(List.of(100L, 0, 99));
      assertThat(lh.cas().contains(taggedOnly)).isTrue();
      assertThat(lh.cas().contains(current)).isTrue();
      assertThat(lh.cas().contains(fresh)).isTrue();
      assertThat(lh.cas().contains(orphan)).isFalse();
      assertThat(orphanFile).doesNotExist();
      List<List<Object>> metrics = rows(session, "SELECT metric, \"value\", labels FROM obs.metrics"
          + " WHERE stage = 'maintain' ORDER BY metric, labels");
      assertThat(metrics).contains(List.of("blobs_removed", 1.0, "{\"target\":\"cas\"}"));
      assertThat(metrics).anySatisfy(m -> {
        assertThat(m.get(0)).isEqualTo("data_files_compacted");
        assertThat((Double) m.get(1)).isGreaterThanOrEqualTo(199.0);
        assertThat(m.get(2)).isEqualTo("{\"table\":\"lake.t\"}");
      });
      assertThat(metrics).anySatisfy(m -> {
        assertThat(m.get(0)).isEqualTo("snapshots_expired");
        assertThat((Double) m.get(1)).isGreaterThanOrEqualTo(190.0);
      });
    }
  }

  @Test
  void keepsTheSnapshotOfADatasetVersionWhoseTagIsGone() throws Exception {
    Path home = dir.resolve("lh2");
    long needed;
    try (Engine engine = Engine.open(LakehouseConfig.embedded(home));
         Session session = engine.newSession("test")) {
      exec(session, "CREATE TABLE lake.u (id INTEGER)");
      exec(session, "INSERT INTO lake.u VALUES (1)");
      exec(session, "INSERT INTO lake.u VALUES (2)");
      needed = engine.lakehouse().table("lake.u").currentSnapshot().snapshotId();
      exec(session, "INSERT INTO lake.u VALUES (3)");
      exec(session, "INSERT INTO lake.versions (name, dataset, version, table_name, snapshot_id) "
          + "VALUES ('u@x', 'u', 'x', 'lake.u', " + needed + ")");
    }
    CliRun r = CliRun.run("maintain", "--home", home.toString(), "--older-than", "0",
        "--skip", "blobs,RUNS");
    assertThat(r.code()).as(r.err()).isZero();
    try (Engine engine = Engine.open(LakehouseConfig.embedded(home))) {
      Table u = engine.lakehouse().table("lake.u");
      assertThat(u.snapshot(needed)).isNotNull();
      assertThat(r.out()).contains("has no tag");
    }
  }

  @Test
  void badDurationIsAUserError() {
    CliRun r = CliRun.run("maintain", "--home", dir.resolve("lh3").toString(), "--older-than", "soon");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("--older-than is not a duration");
  }
}
