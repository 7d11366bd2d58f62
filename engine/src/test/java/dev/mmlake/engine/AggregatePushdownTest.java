package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.GenericBlobMetadata;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.junit.jupiter.api.Test;

/**
 * Aggregates pushed into lakehouse scans: COUNT/MIN/MAX from manifest statistics (no data file
 * opened) and GROUP BY aggregation in the scan, each compared with Calcite's own aggregation of
 * the same rows (the same query with an expression that blocks pushdown).
 */
class AggregatePushdownTest extends EngineTestBase {

  private void threeFiles() {
    exec("CREATE TABLE lake.m (id INTEGER, source VARCHAR, score DOUBLE)");
    exec("INSERT INTO lake.m VALUES (1, 'a', 0.5), (2, 'a', CAST(NULL AS DOUBLE)), "
        + "(3, NULL, 2.5)");
    exec("INSERT INTO lake.m VALUES (4, 'b', 1.5), (5, 'b', -4.25)");
    exec("INSERT INTO lake.m VALUES (6, 'c', 3.0), (CAST(NULL AS INTEGER), 'c', 9.5), "
        + "(-7, NULL, CAST(NULL AS DOUBLE))");
  }

  @Test
  void countMinMaxComeFromManifestStatisticsWithoutOpeningAFile() {
    threeFiles();
    String pushed = "SELECT COUNT(*), COUNT(source), COUNT(score), MIN(id), MAX(id), "
        + "MIN(source), MAX(source), MIN(score), MAX(score) FROM lake.m";
    String blocked = blocked(pushed);
    List<Object> expected = List.of(8L, 6L, 6L, -7, 6, "a", "c", -4.25, 9.5);
    try (StatementResult r = session.execute(pushed)) {
      assertThat(drain(r.resultSet())).containsExactly(expected);
      assertThat(r.filesScanned()).isZero();
    }
    try (StatementResult r = session.execute(blocked)) {
      assertThat(drain(r.resultSet())).containsExactly(expected);
      assertThat(r.filesScanned()).isEqualTo(3);
    }
    String plan = explain(pushed);
    assertThat(plan).contains("aggregate=[[COUNT(), COUNT($1), COUNT($2), MIN($0)")
        .doesNotContain("EnumerableAggregate");
    assertThat(explain(blocked)).contains("EnumerableAggregate").doesNotContain("aggregate=[");
  }

  @Test
  void timeTravelAggregatesTheScannedSnapshot() {
    threeFiles();
    long first = engine.lakehouse().table("lake.m").history().get(0).snapshotId();
    try (StatementResult r = session.execute(
        "SELECT COUNT(*), MAX(id), MIN(score) FROM lake.\"m@" + first + "\"")) {
      assertThat(drain(r.resultSet())).containsExactly(List.of(3L, 3, 0.5));
      assertThat(r.filesScanned()).isZero();
    }
  }

  @Test
  void preparedPlanSeesRowsCommittedAfterPreparing() {
    threeFiles();
    try (PreparedSql p = session.prepare("SELECT COUNT(*), MAX(id) FROM lake.m")) {
      exec("INSERT INTO lake.m VALUES (40, 'd', 1.0)");
      try (StatementResult r = p.execute(List.of())) {
        assertThat(drain(r.resultSet())).containsExactly(List.of(9L, 40));
      }
    }
  }

  @Test
  void deleteFilesMakeTheScanReadTheRows() throws IOException {
    threeFiles();
    Table t = engine.lakehouse().table("lake.m");
    DataFile file;
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      file = tasks.iterator().next().file();
    }
    GenericAppenderFactory factory = new GenericAppenderFactory(t.schema(), t.spec());
    PositionDeleteWriter<Record> pos = factory.newPosDeleteWriter(
        EncryptedFiles.plainAsEncryptedOutput(t.io().newOutputFile(
            t.locationProvider().newDataLocation("agg-deletes.parquet"))),
        FileFormat.PARQUET, null);
    try (pos) {
      pos.write(PositionDelete.<Record>create().set(file.location(), 0L, null));
    }
    DeleteFile deletes = pos.toDeleteFile();
    t.newRowDelta().addDeletes(deletes).commit();
    String q = "SELECT COUNT(*), MIN(id), MAX(id) FROM lake.m";
    List<List<Object>> expected = rows(blocked(q));
    assertThat(expected.get(0).get(0)).isEqualTo(7L);
    try (StatementResult r = session.execute(q)) {
      assertThat(drain(r.resultSet())).isEqualTo(expected);
      assertThat(r.filesScanned()).isEqualTo(3);
    }
  }

  @Test
  void possiblyTruncatedStringBoundsMakeTheScanReadTheRows() {
    exec("CREATE TABLE lake.s (name VARCHAR)");
    exec("INSERT INTO lake.s VALUES ('abcdefghijklmnopqrstuvwxyz-2'), ('short')");
    exec("INSERT INTO lake.s VALUES ('abcdefghijklmnopqrstuvwxyz-1'), ('zzzzzzzzzzzzzzzzzzzzzz')");
    try (StatementResult r = session.execute("SELECT MIN(name), MAX(name), COUNT(name) "
        + "FROM lake.s")) {
      assertThat(drain(r.resultSet())).containsExactly(
          List.of("abcdefghijklmnopqrstuvwxyz-1", "zzzzzzzzzzzzzzzzzzzzzz", 4L));
      assertThat(r.filesScanned()).isEqualTo(2);
    }
    // counts alone stay exact under truncated bounds
    try (StatementResult r = session.execute("SELECT COUNT(name) FROM lake.s")) {
      assertThat(drain(r.resultSet())).containsExactly(List.of(4L));
      assertThat(r.filesScanned()).isZero();
    }
  }

  @Test
  void filterBelowTheAggregateIsEvaluatedExactlyInTheScan() {
    threeFiles();
    // score < 3 must drop NULL scores (Iceberg's own row evaluation would keep them)
    for (String q : List.of(
        "SELECT COUNT(*), MAX(score) FROM lake.m WHERE id > 2",
        "SELECT COUNT(*), COUNT(id), SUM(id) FROM lake.m WHERE score < 3",
        "SELECT source, COUNT(*), AVG(score) FROM lake.m WHERE UPPER(source) = 'B' "
            + "OR score IS NULL GROUP BY source",
        "SELECT source, MIN(id), SUM(score) FROM lake.m WHERE NOT (id = 1 AND score > 0) "
            + "GROUP BY source")) {
      String plan = explain(q);
      assertThat(plan).as(q).contains("aggregate=[").contains("where=[")
          .doesNotContain("EnumerableAggregate").doesNotContain("EnumerableFilter")
          .doesNotContain("EnumerableCalc(expr#0..2=[{inputs}], expr#3");
      assertThat(sorted(rows(q))).as(q).isEqualTo(sorted(rows(blocked(q))));
    }
    assertThat(rows("SELECT COUNT(*), MAX(score) FROM lake.m WHERE id > 2"))
        .containsExactly(List.of(4L, 3.0));
    try (StatementResult r = session.execute("SELECT COUNT(*) FROM lake.m WHERE score < 3")) {
      assertThat(drain(r.resultSet())).containsExactly(List.of(4L));
      // score is no partition column: rows are read, from the files its statistics do not prune
      assertThat(r.filesScanned()).isEqualTo(2);
    }
  }

  @Test
  void identityPartitionFilterIsAnsweredFromManifests() throws IOException {
    exec("CREATE TABLE lake.pt (id INTEGER, source VARCHAR, score DOUBLE)");
    Table t = engine.lakehouse().table("lake.pt");
    t.updateSpec().addField("source").commit();
    appendPartition(t, "a", new Object[][] {{1, "a", 0.5}, {2, "a", 1.5}});
    appendPartition(t, "b", new Object[][] {{3, "b", 2.5}, {4, "b", -1.0}});
    appendPartition(t, null, new Object[][] {{5, null, 7.0}});
    String[] queries = {
        "SELECT COUNT(*), MIN(id), MAX(score) FROM lake.pt WHERE source = 'b'",
        "SELECT COUNT(*), MAX(id) FROM lake.pt WHERE source <> 'a'",
        "SELECT COUNT(*), COUNT(score) FROM lake.pt WHERE source IS NULL OR source < 'b'"};
    List<List<List<Object>>> expected = List.of(List.of(List.of(2L, 3, 2.5)),
        List.of(List.of(2L, 4)), List.of(List.of(3L, 3L)));
    for (int i = 0; i < queries.length; i++) {
      try (StatementResult r = session.execute(queries[i])) {
        assertThat(drain(r.resultSet())).as(queries[i]).isEqualTo(expected.get(i));
        assertThat(r.filesScanned()).as(queries[i]).isZero();
      }
      assertThat(rows(blocked(queries[i]))).as(queries[i]).isEqualTo(expected.get(i));
    }
    // a filter on a non-partition column reads the rows
    try (StatementResult r = session.execute(
        "SELECT COUNT(*) FROM lake.pt WHERE source = 'a' AND id > 1")) {
      assertThat(drain(r.resultSet())).containsExactly(List.of(1L));
      assertThat(r.filesScanned()).isEqualTo(1);
    }
    // a file of the earlier, unpartitioned spec cannot be decided from partition values
    t.refresh();
    appendWithSpec(t, t.specs().get(0), null, new Object[][] {{9, "b", 1.0}});
    try (StatementResult r = session.execute(queries[0])) {
      assertThat(drain(r.resultSet())).containsExactly(List.of(3L, 3, 2.5));
      assertThat(r.filesScanned()).isPositive();
    }
  }

  private static void appendPartition(Table t, String source, Object[][] rows)
      throws IOException {
    PartitionKey key = new PartitionKey(t.spec(), t.schema());
    GenericRecord template = GenericRecord.create(t.schema());
    template.setField("source", source);
    key.partition(template);
    appendWithSpec(t, t.spec(), key, rows);
  }

  /** Appends one data file written under {@code spec} (key null: an unpartitioned spec). */
  private static void appendWithSpec(Table t, PartitionSpec spec, PartitionKey key,
      Object[][] rows) throws IOException {
    DataWriter<Record> writer = new GenericAppenderFactory(t.schema(), spec).newDataWriter(
        EncryptedFiles.plainAsEncryptedOutput(t.io().newOutputFile(key == null
            ? t.locationProvider().newDataLocation("old-spec-" + rows.length + ".parquet")
            : t.locationProvider().newDataLocation(spec, key,
                "part-" + rows[0][1] + ".parquet"))),
        FileFormat.PARQUET, key);
    try (writer) {
      for (Object[] row : rows) {
        GenericRecord r = GenericRecord.create(t.schema());
        r.setField("id", row[0]);
        r.setField("source", row[1]);
        r.setField("score", row[2]);
        writer.write(r);
      }
    }
    t.newAppend().appendFile(writer.toDataFile()).commit();
  }

  @Test
  void groupByInTheScanEqualsCalcitesAggregation() {
    threeFiles();
    exec("CREATE TABLE lake.g (k INTEGER, big BIGINT, f REAL)");
    exec("INSERT INTO lake.g VALUES (1, 10, 1.5), (1, CAST(NULL AS BIGINT), 2.25), "
        + "(CAST(NULL AS INTEGER), 5, CAST(NULL AS REAL)), "
        + "(2147483647, 9223372036854775807, 3.0)");
    exec("INSERT INTO lake.g VALUES (2147483647, 1, -1.0), (CAST(NULL AS INTEGER), 7, 0.5)");
    for (String q : List.of(
        "SELECT source, COUNT(*), COUNT(score), SUM(id), SUM(score), MIN(score), MAX(id), "
            + "AVG(id), AVG(score), MIN(source), MAX(score) FROM lake.m GROUP BY source",
        "SELECT source, id, COUNT(*) FROM lake.m GROUP BY id, source",
        "SELECT k, SUM(k), AVG(k), SUM(big), AVG(big), SUM(f), AVG(f), MIN(f), MAX(big) "
            + "FROM lake.g GROUP BY k",
        "SELECT SUM(id), AVG(score), MIN(source) FROM lake.m")) {
      String blocked = blocked(q);
      assertThat(explain(q)).as(q).contains("aggregate=[").doesNotContain("EnumerableAggregate");
      assertThat(explain(blocked)).as(blocked).contains("EnumerableAggregate")
          .doesNotContain("aggregate=[");
      assertThat(sorted(rows(q))).as(q).isEqualTo(sorted(rows(blocked)));
    }
    // NULL keys form one group
    assertThat(rows("SELECT source, COUNT(*) FROM lake.m GROUP BY source ORDER BY source"))
        .containsExactly(List.of("a", 2L), List.of("b", 2L), List.of("c", 2L),
            Arrays.asList(null, 2L));
    assertThat(explain("SELECT source, COUNT(*) FROM lake.m GROUP BY source"))
        .contains("aggregate=[group={$0}, [COUNT()]]");
  }

  @Test
  void emptyTables() {
    exec("CREATE TABLE lake.e (id INTEGER, source VARCHAR)");
    assertThat(rows("SELECT COUNT(*), COUNT(id), MIN(id), MAX(source) FROM lake.e"))
        .containsExactly(Arrays.asList(0L, 0L, null, null));
    assertThat(rows("SELECT SUM(id), AVG(id), COUNT(*) FROM lake.e"))
        .containsExactly(Arrays.asList(null, null, 0L));
    assertThat(rows("SELECT source, COUNT(*), SUM(id) FROM lake.e GROUP BY source")).isEmpty();
    exec("INSERT INTO lake.e VALUES (CAST(NULL AS INTEGER), NULL)");
    assertThat(rows("SELECT COUNT(*), COUNT(id), MIN(id), MAX(source), SUM(id) FROM lake.e"))
        .containsExactly(Arrays.asList(1L, 0L, null, null, null));
  }

  @Test
  void plannerEstimatesComeFromTheSnapshotAndColumnStatistics() {
    threeFiles();
    assertThat(explainAll("SELECT id FROM lake.m"))
        .containsPattern("IcebergTableScan\\(.*projects=\\[\\[0]]\\): rowcount = 8\\.0,");
    // no distinct count known: Calcite's guess for `=` reduces the snapshot's 8 rows
    assertThat(explainAll("SELECT id FROM lake.m WHERE source = 'b'"))
        .containsPattern("IcebergTableScan\\(.*filters=.*\\): rowcount = 1\\.2,");
    // null counts from the manifests: 2 of 8 scores are NULL; the Filter kept above the scan
    // does not count the pushed conjunct twice
    String notNull = explainAll("SELECT id FROM lake.m WHERE score IS NOT NULL");
    assertThat(notNull).containsPattern("IcebergTableScan\\(.*filters=.*\\): rowcount = 6\\.0,")
        .containsPattern("EnumerableCalc\\(.*\\): rowcount = 6\\.0,");

    // a Puffin statistics file with Iceberg's theta-sketch NDV, as Trino's ANALYZE writes it
    Table t = engine.lakehouse().table("lake.m");
    Snapshot s = t.currentSnapshot();
    t.updateStatistics().setStatistics(new GenericStatisticsFile(s.snapshotId(),
        t.location() + "/metadata/stats.puffin", 100, 20, List.of(new GenericBlobMetadata(
            "apache-datasketches-theta-v1", s.snapshotId(), s.sequenceNumber(),
            List.of(t.schema().findField("source").fieldId()), Map.of("ndv", "3"))))).commit();
    assertThat(explainAll("SELECT id FROM lake.m WHERE source = 'b'"))
        .containsPattern("IcebergTableScan\\(.*filters=.*\\): rowcount = 2\\.666");
    // 3 distinct sources plus NULL
    assertThat(explainAll("SELECT source, COUNT(*) FROM lake.m GROUP BY source"))
        .containsPattern("IcebergTableScan\\(.*aggregate=.*\\): rowcount = 4\\.0,");
  }

  /**
   * {@code q} over a LIMIT that keeps every row: the Sort between the Aggregate and the scan
   * blocks pushdown, so Calcite aggregates the same rows itself.
   */
  private static String blocked(String q) {
    return q.replaceAll("FROM lake\\.(\\w+)", "FROM (SELECT * FROM lake.$1 LIMIT 1000000)");
  }

  private String explain(String q) {
    return rows("EXPLAIN PLAN FOR " + q).get(0).get(0).toString();
  }

  private String explainAll(String q) {
    return rows("EXPLAIN PLAN INCLUDING ALL ATTRIBUTES FOR " + q).get(0).get(0).toString();
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>(rows);
    out.sort(Comparator.comparing(Objects::toString));
    return out;
  }
}
