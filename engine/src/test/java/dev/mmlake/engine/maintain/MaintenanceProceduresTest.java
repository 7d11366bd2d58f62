package dev.mmlake.engine.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.connectors.DataRoots;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.QueryRows;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.SqlStatementException;
import dev.mmlake.engine.access.SessionAccess;
import dev.mmlake.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintenance procedures through SQL ({@code CALL ...} and {@code TABLE(...)}): each removes
 * what {@code mmlake maintain}'s step would, returns the counts as rows and records them in
 * {@code obs.metrics}; a read-only session is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaintenanceProceduresTest {
  @TempDir static Path dir;

  private Engine engine;
  private Session session;
  private String table;

  @BeforeAll
  void open() {
    engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lh")));
  }

  @AfterAll
  void close() {
    engine.close();
  }

  /** A fresh session and table name per test; the tests share one lakehouse. */
  @BeforeEach
  void newSession(TestInfo test) {
    session = engine.newSession("test");
    table = "lake." + test.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  private List<List<Object>> rows(String sql) {
    return QueryRows.of(session, sql);
  }

  /** The procedure's rows as metric -> amount for {@code target}. */
  private Map<String, Long> counts(String sql, String target) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    for (List<Object> r : rows(sql)) {
      if (r.get(0).equals(target)) {
        out.put((String) r.get(1), ((Number) r.get(2)).longValue());
      }
    }
    return out;
  }

  private void tableWithInserts(int n) {
    session.execute("CREATE TABLE " + table + " (id INTEGER, uri VARCHAR)").close();
    for (int i = 0; i < n; i++) {
      session.execute("INSERT INTO " + table + " VALUES (" + i + ", NULL)").close();
    }
  }

  private Table table() {
    Table t = engine.lakehouse().table(table);
    t.refresh();
    return t;
  }

  private static void age(Path p) throws Exception {
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
  }

  @Test
  void expireSnapshotsKeepsTheNewestAndRecordsTheCount() throws Exception {
    tableWithInserts(5);
    assertThat(table().snapshots()).hasSize(5);

    Map<String, Long> c = counts("CALL expire_snapshots('" + table + "', '0')", table);

    assertThat(c).containsEntry(MaintainReport.SNAPSHOTS_EXPIRED, 4L);
    assertThat(table().snapshots()).hasSize(1);
    assertThat(rows("SELECT COUNT(*) FROM " + table)).containsExactly(List.of(5L));
    assertThat(rows("SELECT metric, \"value\" FROM obs.metrics WHERE stage = 'maintain' "
        + "AND labels = '{\"table\":\"" + table + "\"}'"))
        .contains(List.of(MaintainReport.SNAPSHOTS_EXPIRED, 4.0));
  }

  @Test
  void rewriteDataFilesCompactsSmallFiles() throws Exception {
    tableWithInserts(4);

    Map<String, Long> c = counts("SELECT * FROM TABLE(REWRITE_DATA_FILES('" + table + "'))",
        table);

    assertThat(c).containsEntry(MaintainReport.FILES_COMPACTED, 4L)
        .containsEntry(MaintainReport.FILES_WRITTEN, 1L);
    assertThat(table().currentSnapshot().summary().get("total-data-files")).isEqualTo("1");
    assertThat(rows("SELECT COUNT(*), MIN(id), MAX(id) FROM " + table))
        .containsExactly(List.of(4L, 0, 3));
  }

  @Test
  void rewriteDataFilesKeepsEachFileInOnePartition() throws Exception {
    session.execute("CREATE TABLE " + table + " (id INTEGER, source VARCHAR) "
        + "PARTITIONED BY (source)").close();
    for (int i = 0; i < 4; i++) {
      session.execute("INSERT INTO " + table + " VALUES (" + i + ", 'a'), (" + (10 + i)
          + ", 'b')").close();
    }
    session.execute("INSERT INTO " + table + " VALUES (20, 'c')").close();
    assertThat(table().currentSnapshot().summary().get("total-data-files")).isEqualTo("9");

    Map<String, Long> c = counts("SELECT * FROM TABLE(REWRITE_DATA_FILES('" + table + "'))",
        table);

    // a and b: four files each, into one file each; c's single file is left alone
    assertThat(c).containsEntry(MaintainReport.FILES_COMPACTED, 8L)
        .containsEntry(MaintainReport.FILES_WRITTEN, 2L);
    Table t = table();
    Map<String, Long> rowsByPartition = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        rowsByPartition.merge(t.spec().partitionToPath(task.file().partition()),
            task.file().recordCount(), Long::sum);
      }
    }
    assertThat(rowsByPartition).containsExactlyInAnyOrderEntriesOf(
        Map.of("source=a", 4L, "source=b", 4L, "source=c", 1L));
    assertThat(t.currentSnapshot().summary().get("total-data-files")).isEqualTo("3");
    assertThat(rows("SELECT source, COUNT(*), MIN(id), MAX(id) FROM " + table
        + " GROUP BY source ORDER BY source")).containsExactly(List.of("a", 4L, 0, 3),
            List.of("b", 4L, 10, 13), List.of("c", 1L, 20, 20));
  }

  @Test
  void removeOrphanFilesWithNamedArgumentsAndDryRun() throws Exception {
    tableWithInserts(1);
    Path junk = Path.of(table().location().replaceFirst("^file:", ""), "data", "junk.parquet");
    Files.writeString(junk, "left by a killed writer");
    age(junk);

    Map<String, Long> dry = counts("CALL remove_orphan_files(table_name => '" + table + "', "
        + "older_than => '1h', dry_run => TRUE)", table);
    assertThat(dry).containsEntry(MaintainReport.ORPHAN_FILES, 1L);
    assertThat(junk).exists();

    Map<String, Long> c = counts("CALL remove_orphan_files(table_name => '" + table + "', "
        + "older_than => '1h')", table);
    assertThat(c).containsEntry(MaintainReport.ORPHAN_FILES, 1L);
    assertThat(junk).doesNotExist();
    assertThat(rows("SELECT COUNT(*) FROM " + table)).containsExactly(List.of(1L));
  }

  @Test
  void gcBlobsRemovesOnlyUnreferencedOldBlobs() throws Exception {
    Lakehouse lh = engine.lakehouse();
    String kept = lh.cas().put("a row names me".getBytes(StandardCharsets.UTF_8)).hash();
    String orphan = lh.cas().put("no row names me".getBytes(StandardCharsets.UTF_8)).hash();
    String fresh = lh.cas().put("an ingest in flight".getBytes(StandardCharsets.UTF_8)).hash();
    age(lh.cas().pathOf(kept));
    age(lh.cas().pathOf(orphan));
    session.execute("CREATE TABLE " + table + " (id INTEGER, uri VARCHAR)").close();
    session.execute("INSERT INTO " + table + " VALUES (1, 'cas://sha256/" + kept + "')").close();

    Map<String, Long> c = counts("CALL gc_blobs('1h')", MaintainReport.CAS);

    assertThat(c).containsEntry(MaintainReport.BLOBS, 1L);
    assertThat(lh.cas().contains(orphan)).isFalse();
    assertThat(lh.cas().contains(kept)).isTrue();
    assertThat(lh.cas().contains(fresh)).isTrue();
  }

  @Test
  void readOnlySessionsAreRefused() throws Exception {
    tableWithInserts(2);
    session.access(SessionAccess.readOnly(DataRoots.unrestricted()));
    for (String sql : List.of("CALL expire_snapshots('" + table + "', '0')",
        "SELECT * FROM TABLE(REWRITE_DATA_FILES('" + table + "'))",
        "CALL remove_orphan_files('" + table + "')", "SELECT * FROM TABLE(GC_BLOBS())")) {
      assertThatThrownBy(() -> session.execute(sql).close()).as(sql)
          .isInstanceOfSatisfying(SqlStatementException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
          .hasMessageContaining("read-only");
    }
    assertThat(table().snapshots()).hasSize(2);
  }

  @Test
  void badDurationNamesTheArgument() {
    tableWithInserts(1);
    assertThatThrownBy(() -> session.execute("CALL expire_snapshots('" + table + "', 'soon')")
        .close())
        .hasMessageContaining("EXPIRE_SNAPSHOTS older_than");
  }
}
