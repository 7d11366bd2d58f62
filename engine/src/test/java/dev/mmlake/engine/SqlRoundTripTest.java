package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.error.ErrorCode;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

class SqlRoundTripTest extends EngineTestBase {

  @Test
  void createInsertSelectWithVectorsAndBlobs() {
    exec("CREATE TABLE lake.docs (id BIGINT NOT NULL, name VARCHAR, v FLOAT ARRAY, b VARBINARY)");
    StatementResult ins = exec("INSERT INTO lake.docs VALUES "
        + "(1, 'a', ARRAY[0.5, -1.25, 3.0], X'CAFE'), (2, 'b', ARRAY[1.0], X'00')");
    assertThat(ins.updateCount()).isEqualTo(2);
    assertThat(ins.snapshotIds()).hasSize(1);

    List<List<Object>> rows = rows("SELECT id, name, v, b FROM lake.docs ORDER BY id");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get(0)).isEqualTo(1L);
    assertThat(rows.get(0).get(1)).isEqualTo("a");
    assertThat(rows.get(0).get(2)).isEqualTo(List.of(0.5f, -1.25f, 3.0f));
    assertThat((byte[]) rows.get(0).get(3)).containsExactly(0xCA, 0xFE);
    Table t = engine.lakehouse().table("lake.docs");
    assertThat(t.schema().findField("v").type().toString()).isEqualTo("list<float>");
    assertThat(t.schema().findField("b").type().toString()).isEqualTo("binary");
    assertThat(t.schema().findField("id").isRequired()).isTrue();
  }

  @Test
  void nonAsciiTextRoundTripsThroughLiteralsAndFilters() {
    exec("CREATE TABLE lake.intl (id INTEGER, caption VARCHAR)");
    exec("INSERT INTO lake.intl VALUES (1, 'Ein Café in München — 東京'), (2, 'plain')");
    assertThat(rows("SELECT id FROM lake.intl WHERE caption LIKE '%東京%'"))
        .containsExactly(List.of(1));
    assertThat(scalar("SELECT caption FROM lake.intl WHERE id = 1"))
        .isEqualTo("Ein Café in München — 東京");
  }

  @Test
  void insertSelectAndCtasEachCommitOneSnapshot() {
    exec("CREATE TABLE lake.src (id INTEGER, score DOUBLE)");
    exec("INSERT INTO lake.src VALUES (1, 0.5), (2, 0.9), (3, 0.1)");
    StatementResult ctas = exec("CREATE TABLE lake.good AS SELECT id, score * 2 AS s2 FROM lake.src "
        + "WHERE score > 0.3");
    assertThat(ctas.updateCount()).isEqualTo(2);
    assertThat(ctas.snapshotIds()).hasSize(1);
    assertThat(rows("SELECT id, s2 FROM lake.good ORDER BY id"))
        .containsExactly(List.of(1, 1.0), List.of(2, 1.8));
    exec("INSERT INTO lake.good SELECT id, score FROM lake.src WHERE id = 3");
    assertThat(engine.lakehouse().table("lake.good").snapshots()).hasSize(2);
    assertThat(scalar("SELECT COUNT(*) FROM lake.good")).isEqualTo(3L);
  }

  @Test
  void dropTableRemovesItAndIfExistsIsQuiet() {
    exec("CREATE TABLE lake.tmp (x INTEGER)");
    exec("DROP TABLE lake.tmp");
    assertThat(engine.lakehouse().catalog().tableExists(
        TableIdentifier.parse("lake.tmp"))).isFalse();
    assertThatThrownBy(() -> exec("DROP TABLE lake.tmp"))
        .isInstanceOf(SqlStatementException.class).hasMessageContaining("does not exist");
    assertThat(exec("DROP TABLE IF EXISTS lake.tmp").message()).contains("nothing to do");
    assertThatThrownBy(() -> rows("SELECT * FROM lake.tmp"))
        .isInstanceOf(SqlStatementException.class).hasMessageContaining("tmp");
  }

  @Test
  void createTableTwiceNeedsIfNotExists() {
    exec("CREATE TABLE lake.once (x INTEGER)");
    assertThatThrownBy(() -> exec("CREATE TABLE lake.once (x INTEGER)"))
        .isInstanceOf(SqlStatementException.class)
        .satisfies(e -> assertThat(((SqlStatementException) e).code())
            .isEqualTo(ErrorCode.ALREADY_EXISTS));
    assertThat(exec("CREATE TABLE IF NOT EXISTS lake.once (x INTEGER)").message())
        .contains("already exists");
  }

  @Test
  void deleteWhereRewritesAndKeepsHistory() {
    exec("CREATE TABLE lake.d (id INTEGER, tag VARCHAR)");
    exec("INSERT INTO lake.d VALUES (1, 'keep'), (2, 'drop'), (3, NULL)");
    long before = engine.lakehouse().table("lake.d").currentSnapshot().snapshotId();
    StatementResult del = exec("DELETE FROM lake.d WHERE tag = 'drop'");
    assertThat(del.updateCount()).isEqualTo(1);
    assertThat(rows("SELECT id FROM lake.d ORDER BY id")).containsExactly(List.of(1), List.of(3));
    assertThat(scalar("SELECT COUNT(*) FROM lake.\"d@" + before + "\"")).isEqualTo(3L);
    assertThat(exec("DELETE FROM lake.d WHERE id > 100").updateCount()).isZero();
  }

  @Test
  void updateIsRefusedClearly() {
    exec("CREATE TABLE lake.u (id INTEGER)");
    assertThatThrownBy(() -> exec("UPDATE lake.u SET id = 2"))
        .isInstanceOf(SqlStatementException.class).hasMessageContaining("not supported");
  }

  @Test
  void badSqlNamesTheProblemAndPosition() {
    assertThatThrownBy(() -> exec("SELECT * FORM lake.items"))
        .isInstanceOf(SqlStatementException.class)
        .satisfies(e -> {
          SqlStatementException s = (SqlStatementException) e;
          assertThat(s.code()).isEqualTo(ErrorCode.PARSE_ERROR);
          assertThat(s.line()).isEqualTo(1);
          assertThat(s.column()).isEqualTo(15);
          assertThat(s.describe()).contains("lake");
        });
    assertThatThrownBy(() -> rows("SELECT nope FROM lake.items"))
        .isInstanceOf(SqlStatementException.class)
        .satisfies(e -> {
          SqlStatementException s = (SqlStatementException) e;
          assertThat(s.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
          assertThat(s.getMessage()).contains("nope");
          assertThat(s.column()).isEqualTo(8);
        });
  }

  @Test
  void everyStatementRecordsOneRun() {
    exec("CREATE TABLE lake.r (x INTEGER)");
    exec("INSERT INTO lake.r VALUES (1), (2)");
    rows("SELECT * FROM lake.r");
    assertThatThrownBy(() -> exec("INSERT INTO lake.r VALUES ('x', 'y')"))
        .isInstanceOf(SqlStatementException.class);
    List<List<Object>> runs = rows("SELECT statement_kind, status, rows_read, rows_written, "
        + "snapshot_ids, error_message, statement_digest FROM obs.runs ORDER BY started_at");
    assertThat(runs).hasSize(4);
    assertThat(runs.get(0).subList(0, 2)).containsExactly("CREATE_TABLE", "ok");
    assertThat(runs.get(1).subList(0, 4)).containsExactly("INSERT", "ok", 0L, 2L);
    assertThat((String) runs.get(1).get(4)).matches("-?\\d+");
    assertThat(runs.get(2).subList(0, 3)).containsExactly("QUERY", "ok", 2L);
    assertThat(runs.get(3).get(1)).isEqualTo("error");
    assertThat((String) runs.get(3).get(5)).isNotBlank();
    assertThat((String) runs.get(3).get(6)).hasSize(64);
  }
}
