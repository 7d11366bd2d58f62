package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A query's result set hands out values through the calls made per row (next, getObject, the
 * primitive getters, wasNull), and an error while rows are produced ends the run as failed, while
 * a JDBC usage error (a wrong column index) does not.
 */
class GuardedResultSetTest extends EngineTestBase {

  @Test
  void perRowCallsReturnTheValues() throws SQLException {
    exec("CREATE TABLE lake.g (id BIGINT, name VARCHAR, score DOUBLE, ok BOOLEAN, n INTEGER)");
    exec("INSERT INTO lake.g VALUES (1, 'a', 0.5, TRUE, 7), (2, NULL, NULL, NULL, NULL)");
    try (StatementResult r = session.execute("SELECT * FROM lake.g ORDER BY id")) {
      ResultSet rs = r.resultSet();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(1L);
      assertThat(rs.getString(2)).isEqualTo("a");
      assertThat(rs.getDouble(3)).isEqualTo(0.5);
      assertThat(rs.getFloat(3)).isEqualTo(0.5f);
      assertThat(rs.getBoolean(4)).isTrue();
      assertThat(rs.getInt(5)).isEqualTo(7);
      assertThat(rs.getObject(5)).isEqualTo(7);
      assertThat(rs.wasNull()).isFalse();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getObject(2)).isNull();
      assertThat(rs.getDouble(3)).isZero();
      assertThat(rs.wasNull()).isTrue();
      assertThatThrownBy(() -> rs.getObject(99)).isInstanceOf(SQLException.class)
          .isNotInstanceOf(SqlStatementException.class);
      assertThat(rs.unwrap(ResultSet.class)).isSameAs(rs);
      assertThat(rs.next()).isFalse();
    }
    assertThat(rows("SELECT status FROM obs.runs WHERE statement_kind = 'QUERY'"))
        .contains(List.of("ok"));
  }

  @Test
  void anErrorWhileRowsAreProducedFailsTheRun() {
    exec("CREATE TABLE lake.z (x INTEGER)");
    exec("INSERT INTO lake.z VALUES (1), (0)");
    assertThatThrownBy(() -> rows("SELECT 10 / x FROM lake.z"))
        .isInstanceOf(SqlStatementException.class);
    assertThat(rows("SELECT status FROM obs.runs WHERE statement_kind = 'QUERY' AND status = "
        + "'error'")).hasSize(1);
  }
}
