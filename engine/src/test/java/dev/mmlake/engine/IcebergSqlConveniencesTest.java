package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class IcebergSqlConveniencesTest extends EngineTestBase {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  @Test
  void threePartNamesResolveUnderTheCatalogSchema() {
    exec("CREATE TABLE mmlake.lake.tp (id INTEGER, name VARCHAR)");
    exec("INSERT INTO mmlake.lake.tp VALUES (1, 'a'), (2, 'b')");
    exec("INSERT INTO lake.tp VALUES (3, 'c')");
    assertThat(rows("SELECT id FROM mmlake.lake.tp WHERE name <> 'a' ORDER BY id"))
        .containsExactly(List.of(2), List.of(3));
    assertThat(rows("SELECT t.name FROM mmlake.lake.tp t JOIN lake.tp u ON t.id = u.id "
        + "WHERE u.id = 1")).containsExactly(List.of("a"));
    assertThat(scalar("SELECT COUNT(*) FROM mmlake.lake.\"tp$files\"")).isEqualTo(2L);
    exec("DELETE FROM mmlake.lake.tp WHERE id = 2");
    assertThat(scalar("SELECT COUNT(*) FROM mmlake.lake.tp")).isEqualTo(2L);
  }

  @Test
  void icebergMetadataTablesUseIcebergColumnNames() {
    exec("CREATE TABLE lake.md (id INTEGER, name VARCHAR)");
    exec("INSERT INTO lake.md VALUES (1, 'a')");
    exec("INSERT INTO lake.md VALUES (2, 'b'), (3, 'c')");
    long current = engine.lakehouse().table("lake.md").currentSnapshot().snapshotId();
    assertThat(rows("SELECT snapshot_id, is_current_ancestor FROM lake.\"md$history\" "
        + "ORDER BY made_current_at")).hasSize(2).last().isEqualTo(List.of(current, true));
    assertThat(rows("SELECT operation, summary['added-records'], is_current FROM "
        + "lake.\"md$snapshots\" WHERE snapshot_id = " + current))
        .containsExactly(List.of("append", "2", true));
    assertThat(scalar("SELECT SUM(added_data_files_count + existing_data_files_count) FROM "
        + "lake.\"md$manifests\"")).isEqualTo(2);
    assertThat(rows("SELECT record_count, file_count FROM lake.\"md$partitions\""))
        .containsExactly(List.of(3L, 2));
    assertThat(rows("SELECT content, file_format, record_count FROM lake.\"md$files\" "
        + "ORDER BY record_count")).containsExactly(List.of(0, "PARQUET", 1L),
            List.of(0, "PARQUET", 2L));
    assertThatThrownBy(() -> rows("SELECT * FROM lake.\"md$nope\""))
        .hasMessageContaining("$history, $snapshots, $manifests, $partitions");
  }

  @Test
  void forSystemTimeAsOfReadsTheSnapshotCurrentAtThatTime() throws InterruptedException {
    exec("CREATE TABLE lake.tt2 (id INTEGER)");
    exec("INSERT INTO lake.tt2 VALUES (1)");
    Table t = engine.lakehouse().table("lake.tt2");
    long firstAt = t.currentSnapshot().timestampMillis();
    Thread.sleep(5); // the second snapshot must be committed at a later millisecond
    exec("INSERT INTO lake.tt2 VALUES (2), (3)");
    String asOfFirst = " FOR SYSTEM_TIME AS OF TIMESTAMP '" + LocalDateTime.ofInstant(
        Instant.ofEpochMilli(firstAt), ZoneOffset.UTC).format(TS) + "'";
    assertThat(rows("EXPLAIN PLAN FOR SELECT id FROM lake.tt2" + asOfFirst).toString())
        .contains("snapshot=[" + t.history().get(0).snapshotId() + "]").doesNotContain("Snapshot(");
    assertThat(scalar("SELECT COUNT(*) FROM lake.tt2")).isEqualTo(3L);
    assertThat(rows("SELECT id FROM lake.tt2" + asOfFirst)).containsExactly(List.of(1));
    assertThat(rows("SELECT id FROM mmlake.lake.tt2" + asOfFirst + " WHERE id > 0"))
        .containsExactly(List.of(1));
    assertThat(scalar("SELECT COUNT(*) FROM lake.tt2 FOR SYSTEM_TIME AS OF TIMESTAMP "
        + "'2999-01-01 00:00:00'")).isEqualTo(3L);
    // CURRENT_TIMESTAMP has whole seconds, and the table is younger than a second
    assertThat(scalar("SELECT COUNT(*) FROM lake.tt2 FOR SYSTEM_TIME AS OF CURRENT_TIMESTAMP "
        + "+ INTERVAL '1' SECOND")).isEqualTo(3L);
    assertThatThrownBy(() -> rows("SELECT id FROM lake.tt2 FOR SYSTEM_TIME AS OF "
        + "CURRENT_TIMESTAMP - INTERVAL '3650' DAY")).isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("did not exist yet at");
    t.refresh();
    t.updateSchema().addColumn("note", Types.StringType.get()).commit();
    // Columns added since read as null; filters on them work.
    assertThat(rows("SELECT * FROM lake.tt2" + asOfFirst)).containsExactly(Arrays.asList(1, null));
    assertThat(rows("SELECT id FROM lake.tt2" + asOfFirst + " WHERE note IS NULL"))
        .containsExactly(List.of(1));
    assertThatThrownBy(() -> rows("SELECT id FROM lake.tt2 FOR SYSTEM_TIME AS OF TIMESTAMP "
        + "'2000-01-01 00:00:00'")).isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("did not exist yet at 2000-01-01T00:00:00Z")
        .hasMessageContaining("first snapshot was committed at");
  }
}
