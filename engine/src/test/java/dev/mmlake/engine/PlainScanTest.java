package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.engine.iceberg.columnar.ColumnBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which prepared queries are plain scans, and a plain scan's batches: the row path's rows in the
 * row path's order, with the run recorded as the row path records it.
 */
class PlainScanTest extends EngineTestBase {

  private void createTable() {
    exec("CREATE TABLE lake.ps (id BIGINT, name VARCHAR, score DOUBLE, v FLOAT ARRAY, "
        + "ds DATE ARRAY)");
    exec("INSERT INTO lake.ps (id, name, score, v) VALUES (1, 'a', 0.5, ARRAY[1.0]), "
        + "(2, NULL, 1.5, NULL)");
    exec("INSERT INTO lake.ps (id, name, score, v) VALUES (3, 'c', 2.5, ARRAY[3.0, 4.0])");
  }

  private boolean plain(String sql) {
    try (PreparedSql p = session.prepare(sql)) {
      return p.isPlainScan();
    }
  }

  @Test
  void onlyQueriesThatJustReadOneTableArePlainScans() {
    createTable();
    assertThat(plain("SELECT id, name, score, v FROM lake.ps")).isTrue();
    assertThat(plain("SELECT v, id AS k, id FROM lake.ps")).isTrue();
    assertThat(plain("SELECT name FROM lake.ps LIMIT 2")).isTrue();
    assertThat(plain("SELECT name FROM lake.ps OFFSET 1 ROWS FETCH NEXT 1 ROWS ONLY")).isTrue();

    assertThat(plain("SELECT * FROM lake.ps")).as("a DATE ARRAY column").isFalse();
    assertThat(plain("SELECT id FROM lake.ps WHERE id > 1 AND name = 'c'")).isTrue();
    assertThat(plain("SELECT id FROM lake.ps WHERE score > 1")).as("doubles").isFalse();
    assertThat(plain("SELECT id FROM lake.ps ORDER BY id")).isFalse();
    assertThat(plain("SELECT COUNT(*) FROM lake.ps")).isFalse();
    assertThat(plain("SELECT id + 1 FROM lake.ps")).isFalse();
    assertThat(plain("SELECT id FROM lake.ps LIMIT ?")).isFalse();
    assertThat(plain("SELECT a.id FROM lake.ps a JOIN lake.ps b ON a.id = b.id")).isFalse();
    assertThat(plain("INSERT INTO lake.ps (id) VALUES (9)")).isFalse();
    assertThat(plain("CREATE TABLE lake.other (x INTEGER)")).isFalse();
  }

  @Test
  void batchesAreTheRowPathsRowsAndTheRunIsRecorded() {
    createTable();
    String sql = "SELECT name, id FROM lake.ps WHERE id < 3 OR name = 'c' OFFSET 1 ROWS";
    List<List<Object>> expected = rows(sql);
    List<List<Object>> got = new ArrayList<>();
    String runId;
    try (PreparedSql p = session.prepare(sql); ScanExecution scan = p.executeScan()) {
      runId = scan.runId();
      for (ColumnBatch b = scan.next(); b != null; b = scan.next()) {
        assertThat(b.columnCount()).isEqualTo(2);
        for (int i = 0; i < b.selectedCount(); i++) {
          int r = b.selectedRow(i);
          got.add(Arrays.asList(b.column(0).getObject(r), b.column(1).getObject(r)));
        }
      }
      assertThat(scan.filesScanned()).isEqualTo(2);
      assertThat(scan.rowsRead()).isEqualTo(3);
    }
    assertThat(got).isEqualTo(expected).hasSize(2);
    assertThat(got.get(0)).containsExactly(null, 2L);
    assertThat(rows("SELECT status, rows_read, statement_kind FROM obs.runs WHERE run_id = '"
        + runId + "'")).containsExactly(List.of("ok", 3L, "QUERY"));
  }

  @Test
  void executeScanRefusesOtherQueries() {
    createTable();
    try (PreparedSql p = session.prepare("SELECT COUNT(*) FROM lake.ps")) {
      assertThatThrownBy(p::executeScan).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not a plain scan");
    }
  }
}
