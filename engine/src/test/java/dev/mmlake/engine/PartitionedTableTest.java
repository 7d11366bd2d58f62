package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;

/** {@code CREATE TABLE ... PARTITIONED BY}: the spec, partitioned writes and partition pruning. */
class PartitionedTableTest extends EngineTestBase {
  private static final String[] SOURCES = {"a", "b", "c"};

  /** Three sources over two days, 2 rows each: one INSERT, so column stats alone prune nothing. */
  private void eventsTable() {
    exec("CREATE TABLE lake.ev (id INTEGER, source VARCHAR, ts TIMESTAMP, note VARCHAR) "
        + "PARTITIONED BY (source, DAY(ts))");
    StringBuilder values = new StringBuilder();
    int id = 0;
    for (String day : List.of("2024-05-01", "2024-05-02")) {
      for (String s : SOURCES) {
        for (int k = 0; k < 2; k++) {
          values.append(values.length() == 0 ? "" : ", ").append("(").append(id).append(", '")
              .append(s).append("', TIMESTAMP '").append(day).append(" 0").append(k * 9 + 1)
              .append(":30:00', 'n").append(id++).append("')");
        }
      }
    }
    exec("INSERT INTO lake.ev VALUES " + values);
  }

  private Table table(String name) {
    Table t = engine.lakehouse().table(name);
    t.refresh();
    return t;
  }

  /** Partition path -> data files of the current snapshot, e.g. {@code source=a/ts_day=...}. */
  private static Map<String, List<DataFile>> filesByPartition(Table t) throws IOException {
    Map<String, List<DataFile>> out = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        out.computeIfAbsent(t.spec().partitionToPath(task.file().partition()),
            k -> new ArrayList<>()).add(task.file());
      }
    }
    return out;
  }

  @Test
  void insertWritesOneFilePerPartitionAndFiltersPruneTheOthers() throws IOException {
    eventsTable();
    Table t = table("lake.ev");
    assertThat(t.spec().fields()).extracting(PartitionField::name)
        .containsExactly("source", "ts_day");
    Map<String, List<DataFile>> files = filesByPartition(t);
    assertThat(files).hasSize(6).containsKeys("source=a/ts_day=2024-05-01",
        "source=c/ts_day=2024-05-02");
    assertThat(files.values()).allSatisfy(f -> assertThat(f).hasSize(1)
        .allSatisfy(d -> assertThat(d.recordCount()).isEqualTo(2)));
    assertThat(files.values()).allSatisfy(f -> assertThat(f.get(0).location())
        .contains("/data/source="));

    try (StatementResult r = session.execute("SELECT id, note FROM lake.ev WHERE source = 'b' "
        + "ORDER BY id")) {
      assertThat(drain(r.resultSet())).containsExactly(List.of(2, "n2"), List.of(3, "n3"),
          List.of(8, "n8"), List.of(9, "n9"));
      assertThat(r.filesScanned()).isEqualTo(2);
      assertThat(r.filesSkipped()).isEqualTo(4);
    }
    // a day range prunes the other day's partitions in Iceberg's planning, which the scan uses
    long may2 = LocalDate.parse("2024-05-02").atStartOfDay().toEpochSecond(ZoneOffset.UTC)
        * 1_000_000L;
    try (CloseableIterable<FileScanTask> tasks = t.newScan()
        .filter(Expressions.greaterThanOrEqual("ts", may2)).planFiles()) {
      assertThat(tasks).hasSize(3).allSatisfy(task -> assertThat(t.spec()
          .partitionToPath(task.file().partition())).endsWith("ts_day=2024-05-02"));
    }
    assertThat(scalar("SELECT COUNT(*) FROM lake.ev WHERE ts >= TIMESTAMP '2024-05-02 00:00:00'"))
        .isEqualTo(6L);
    try (StatementResult r = session.execute("SELECT id FROM lake.ev WHERE source = 'c' "
        + "AND ts < TIMESTAMP '2024-05-02 00:00:00' ORDER BY id")) {
      assertThat(drain(r.resultSet())).containsExactly(List.of(4), List.of(5));
      assertThat(r.filesSkipped()).isGreaterThanOrEqualTo(4);
    }
    // a filter on a non-partition column still returns the right rows
    assertThat(rows("SELECT source FROM lake.ev WHERE note = 'n7'"))
        .containsExactly(List.of("a"));
  }

  @Test
  void partitionsMetadataTableListsEachPartitionWithItsRecords() {
    eventsTable();
    exec("INSERT INTO lake.ev VALUES (100, 'a', TIMESTAMP '2024-05-01 23:00:00', 'late')");
    List<List<Object>> parts = rows("SELECT \"partition\", record_count, file_count "
        + "FROM lake.\"ev$partitions\"");
    assertThat(parts).hasSize(6);
    long total = 0;
    for (List<Object> p : parts) {
      String partition = p.get(0).toString();
      boolean late = partition.contains("source=a,") && partition.contains(
          String.valueOf(LocalDate.parse("2024-05-01").toEpochDay()));
      assertThat(p.subList(1, 3)).as(partition)
          .isEqualTo(late ? List.of(3L, 2) : List.of(2L, 1));
      total += (Long) p.get(1);
    }
    assertThat(total).isEqualTo(13);
  }

  @Test
  void deleteInOnePartitionRewritesOnlyThatPartitionsFile() throws IOException {
    eventsTable();
    Table t = table("lake.ev");
    Map<String, List<DataFile>> before = filesByPartition(t);
    List<List<Object>> othersBefore = rows("SELECT id, source, ts, note FROM lake.ev "
        + "WHERE id <> 3 ORDER BY id");

    StatementResult r = exec("DELETE FROM lake.ev WHERE id = 3");
    assertThat(r.updateCount()).isEqualTo(1);

    Map<String, List<DataFile>> after = filesByPartition(table("lake.ev"));
    String hit = "source=b/ts_day=2024-05-01";
    assertThat(after).hasSize(6);
    for (String partition : before.keySet()) {
      List<String> was = before.get(partition).stream().map(DataFile::location).toList();
      List<String> now = after.get(partition).stream().map(DataFile::location).toList();
      if (partition.equals(hit)) {
        assertThat(now).doesNotContainAnyElementsOf(was);
        assertThat(after.get(partition)).singleElement()
            .satisfies(f -> assertThat(f.recordCount()).isEqualTo(1));
      } else {
        assertThat(now).as(partition).isEqualTo(was);
      }
    }
    assertThat(rows("SELECT id, source, ts, note FROM lake.ev ORDER BY id"))
        .isEqualTo(othersBefore);
    // the rewritten file is still pruned by its partition
    try (StatementResult q = session.execute("SELECT id FROM lake.ev WHERE source = 'b'")) {
      assertThat(drain(q.resultSet())).hasSize(3);
      assertThat(q.filesScanned()).isEqualTo(2);
    }
  }

  @Test
  void timeTravelReadsAnOlderSnapshotOfAPartitionedTable() {
    eventsTable();
    long first = table("lake.ev").currentSnapshot().snapshotId();
    exec("INSERT INTO lake.ev VALUES (50, 'd', TIMESTAMP '2024-05-03 12:00:00', 'new')");
    exec("DELETE FROM lake.ev WHERE source = 'a'");
    assertThat(scalar("SELECT COUNT(*) FROM lake.ev")).isEqualTo(9L);
    assertThat(scalar("SELECT COUNT(*) FROM lake.\"ev@" + first + "\"")).isEqualTo(12L);
    try (StatementResult r = session.execute("SELECT id FROM lake.\"ev@" + first + "\" "
        + "WHERE source = 'a' ORDER BY id")) {
      assertThat(drain(r.resultSet())).containsExactly(List.of(0), List.of(1), List.of(6),
          List.of(7));
      assertThat(r.filesScanned()).isEqualTo(2);
    }
  }

  @Test
  void everyTransformBuildsTheSpec() {
    exec("CREATE TABLE lake.tr (id BIGINT, s VARCHAR, ts TIMESTAMP, d DATE, n INTEGER, "
        + "h TIMESTAMP)\n  partitioned by (bucket(16, id), Truncate(s, 4), year(ts), month(d), "
        + "HOURS(h), "
        + "identity(n))");
    PartitionSpec spec = table("lake.tr").spec();
    assertThat(spec.fields()).extracting(f -> f.name() + ":" + f.transform())
        .containsExactly("id_bucket:bucket[16]", "s_trunc:truncate[4]", "ts_year:year",
            "d_month:month", "h_hour:hour", "n:identity");
    exec("INSERT INTO lake.tr VALUES (1, 'alphabet', TIMESTAMP '2024-05-01 10:00:00', "
        + "DATE '2024-05-01', 7, TIMESTAMP '2024-05-01 10:00:00'), (2, 'alpine', "
        + "TIMESTAMP '2024-05-01 10:30:00', DATE '2024-05-20', 7, TIMESTAMP '2024-05-01 11:00:00')");
    assertThat(scalar("SELECT COUNT(*) FROM lake.tr WHERE s = 'alpine'")).isEqualTo(1L);
    assertThat(scalar("SELECT COUNT(*) FROM lake.\"tr$files\"")).isEqualTo(2L);
  }

  @Test
  void createTableAsSelectWritesPartitionedFiles() throws IOException {
    eventsTable();
    StatementResult r = exec("CREATE TABLE lake.ctas PARTITIONED BY (source) "
        + "AS SELECT id, source, note FROM lake.ev WHERE id < 6");
    assertThat(r.updateCount()).isEqualTo(6);
    Table t = table("lake.ctas");
    assertThat(t.spec().fields()).extracting(PartitionField::name).containsExactly("source");
    assertThat(filesByPartition(t).keySet()).containsExactlyInAnyOrder("source=a", "source=b",
        "source=c");
    try (StatementResult q = session.execute("SELECT id FROM lake.ctas WHERE source = 'a' "
        + "ORDER BY id")) {
      assertThat(drain(q.resultSet())).containsExactly(List.of(0), List.of(1));
      assertThat(q.filesSkipped()).isEqualTo(2);
    }
  }

  @Test
  void rowsInNoPartitionOrderOverManyPartitionsStillLandInTheirPartitions() throws IOException {
    exec("CREATE TABLE lake.many (id INTEGER, n INTEGER) PARTITIONED BY (n)");
    StringBuilder values = new StringBuilder();
    for (int round = 0; round < 2; round++) {
      for (int n = 0; n < 40; n++) { // more partitions than an append keeps files open for
        values.append(values.length() == 0 ? "" : ", ").append("(").append(round * 100 + n)
            .append(", ").append(n).append(")");
      }
    }
    exec("INSERT INTO lake.many VALUES " + values);
    Table t = table("lake.many");
    Map<String, List<DataFile>> files = filesByPartition(t);
    assertThat(files).hasSize(40);
    for (Map.Entry<String, List<DataFile>> e : files.entrySet()) {
      int n = Integer.parseInt(e.getKey().substring("n=".length()));
      assertThat(e.getValue().stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(2);
      for (DataFile f : e.getValue()) {
        assertThat(f.partition().get(0, Integer.class)).isEqualTo(n);
      }
    }
    try (StatementResult r = session.execute("SELECT id FROM lake.many WHERE n = 39 "
        + "ORDER BY id")) {
      assertThat(drain(r.resultSet())).containsExactly(List.of(39), List.of(139));
      assertThat(r.filesSkipped()).isGreaterThanOrEqualTo(39);
    }
  }

  @Test
  void unpartitionedTablesStayUnpartitioned() {
    exec("CREATE TABLE lake.plain (id INTEGER, source VARCHAR)");
    exec("INSERT INTO lake.plain VALUES (1, 'a'), (2, 'b')");
    Table t = table("lake.plain");
    assertThat(t.spec().isUnpartitioned()).isTrue();
    assertThat(t.currentSnapshot().summary()).containsEntry("added-data-files", "1");
    // a column named like the keyword is no clause
    exec("CREATE TABLE lake.kw (partitioned VARCHAR, \"PARTITIONED BY\" INTEGER)");
    assertThat(table("lake.kw").spec().isUnpartitioned()).isTrue();
  }

  @Test
  void badPartitioningIsRefusedWithWhatWouldWork() {
    assertThatThrownBy(() -> exec("CREATE TABLE lake.bad (id INTEGER, ts TIMESTAMP) "
        + "PARTITIONED BY (nope)"))
        .isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("names column nope").hasMessageContaining("its columns are id, ts")
        .satisfies(e -> assertThat(((SqlStatementException) e).code())
            .isEqualTo(ErrorCode.VALIDATION_ERROR))
        .satisfies(e -> assertThat(((SqlStatementException) e).column()).isEqualTo(66));
    assertThatThrownBy(() -> exec("CREATE TABLE lake.bad (id INTEGER, ts TIMESTAMP) "
        + "PARTITIONED BY (week(ts))"))
        .isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("Unknown partition transform week")
        .hasMessageContaining("bucket(N, c), truncate(N, c)");
    assertThatThrownBy(() -> exec("CREATE TABLE lake.bad (id INTEGER, ts TIMESTAMP) "
        + "PARTITIONED BY (day(id))"))
        .hasMessageContaining("day cannot partition column id of type int")
        .hasMessageContaining("a DATE or TIMESTAMP column");
    assertThatThrownBy(() -> exec("CREATE TABLE lake.bad (id INTEGER, ts TIMESTAMP) "
        + "PARTITIONED BY (bucket(id))"))
        .hasMessageContaining("bucket needs a positive width");
    assertThatThrownBy(() -> exec("CREATE TABLE lake.bad (id INTEGER, ts TIMESTAMP) "
        + "PARTITIONED BY id"))
        .isInstanceOf(SqlStatementException.class)
        .satisfies(e -> assertThat(((SqlStatementException) e).code())
            .isEqualTo(ErrorCode.PARSE_ERROR))
        .hasMessageContaining("parenthesized list");
    assertThatThrownBy(() -> exec("CREATE TABLE lake.bad (id INTEGER, ts TIMESTAMP) "
        + "PARTITIONED BY (id, id)"))
        .hasMessageContaining("PARTITIONED BY id is not valid here");
    assertThatThrownBy(() -> exec("CREATE TABLE lake.bad (id INTEGER, ts TIMESTAMP) "
        + "PARTITIONED BY (day(ts), hour(ts))"))
        .hasMessageContaining("PARTITIONED BY hour(ts) is not valid here")
        .hasMessageContaining("redundant");
    Set<String> tables = new TreeSet<>();
    engine.lakehouse().catalog().listTables(Namespace.of("lake"))
        .forEach(id -> tables.add(id.name()));
    assertThat(tables).doesNotContain("bad");
  }
}
