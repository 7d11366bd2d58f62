package dev.mmlake.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.junit.jupiter.api.Test;

/** Peeling {@code PARTITIONED BY} off CREATE TABLE before Calcite parses the rest. */
class PartitionClauseTest {

  @Test
  void entriesKeepTheirOrderTransformsAndWidths() throws SqlParseException {
    SqlNode node = SqlParsing.parse("create table lake.t (id BIGINT, s VARCHAR, \"My Ts\" "
        + "TIMESTAMP)\n  Partitioned By (s, DAY(\"My Ts\"), bucket(16, id), truncate(s, 4))");
    assertThat(node).isInstanceOf(SqlCreatePartitionedTable.class);
    SqlCreatePartitionedTable create = (SqlCreatePartitionedTable) node;
    assertThat(create.columnList).hasSize(3);
    assertThat(create.partitioning()).extracting(PartitionField::sql)
        .containsExactly("s", "day(\"My Ts\")", "bucket(16, id)", "truncate(4, s)");
    assertThat(create.partitioning().get(1).pos().getLineNum()).isEqualTo(2);
    assertThat(create.partitioning().get(1).pos().getColumnNum()).isEqualTo(22);
    assertThat(SqlParsing.kindOf(node)).isEqualTo(StatementKind.CREATE_TABLE);
    assertThat(SqlParsing.unparse(node)).contains("PARTITIONED BY (s, day(\"My Ts\"),");
  }

  @Test
  void createTableAsSelectTakesTheClauseBeforeAs() throws SqlParseException {
    SqlNode node = SqlParsing.parse("CREATE TABLE t PARTITIONED BY (src) AS "
        + "SELECT 'PARTITIONED BY (x)' AS src -- PARTITIONED BY (y)\n FROM lake.items");
    assertThat(SqlParsing.kindOf(node)).isEqualTo(StatementKind.CREATE_TABLE_AS);
    assertThat(((SqlCreatePartitionedTable) node).partitioning()).extracting(PartitionField::sql)
        .containsExactly("src");
    // the query keeps its position in the user's text
    assertThat(((SqlCreateTable) node).query.getParserPosition().getColumnNum()).isEqualTo(40);
  }

  @Test
  void textWithoutTheClauseIsLeftToCalcite() throws SqlParseException {
    assertThat(PartitionClause.peel("SELECT 1 AS partitioned")).isNull();
    assertThat(PartitionClause.peel("CREATE TABLE t (a INT) /* PARTITIONED BY (a) */")).isNull();
    assertThat(PartitionClause.peel("CREATE TABLE t (\"PARTITIONED\" INT)")).isNull();
    assertThat(PartitionClause.peel("CREATE TABLE t AS SELECT partitioned FROM x")).isNull();
    assertThat(SqlParsing.parse("CREATE TABLE t (a INT)"))
        .isNotInstanceOf(SqlCreatePartitionedTable.class);
  }

  @Test
  void malformedClausesFailAtTheirPosition() {
    assertThatThrownBy(() -> SqlParsing.parse("CREATE TABLE t (a INT) PARTITIONED (a)"))
        .isInstanceOf(SqlParseException.class).hasMessageContaining("followed by BY")
        .satisfies(e -> assertThat(((SqlParseException) e).getPos().getColumnNum())
            .isEqualTo(36));
    assertThatThrownBy(() -> SqlParsing.parse("CREATE TABLE t (a INT) PARTITIONED BY (a"))
        .isInstanceOf(SqlParseException.class).hasMessageContaining("the statement ended");
    assertThatThrownBy(() -> SqlParsing.parse("CREATE TABLE t (a INT) PARTITIONED BY (day(1))"))
        .isInstanceOf(SqlParseException.class).hasMessageContaining("day(...) needs a column");
    assertThatThrownBy(() -> SqlParsing.parse(
        "CREATE TABLE t (a INT) PARTITIONED BY (bucket(a, b))"))
        .isInstanceOf(SqlParseException.class).hasMessageContaining("one column");
    assertThatThrownBy(() -> SqlParsing.parse(
        "CREATE TABLE t (a INT) PARTITIONED BY (bucket(99999999999, a))"))
        .isInstanceOf(SqlParseException.class).hasMessageContaining("whole number");
  }
}
