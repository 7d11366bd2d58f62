package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cancelling an execution of a prepared statement stops that execution only: the statement runs
 * again afterwards (a client that cancelled a query re-runs it from the same prepared handle).
 */
class PreparedSqlCancelTest extends EngineTestBase {

  @Test
  void aCancelledPreparedQueryRunsAgain() throws SQLException {
    exec("CREATE TABLE lake.c (x INTEGER)");
    exec("INSERT INTO lake.c VALUES (1), (2), (3)");
    for (String sql : List.of("SELECT x FROM lake.c", "SELECT x FROM lake.c WHERE x > ?")) {
      try (PreparedSql p = session.prepare(sql)) {
        List<Object> args = p.parameterCount() == 0 ? List.of() : List.of(0);
        try (StatementResult r = p.execute(args)) {
          assertThat(r.resultSet().next()).isTrue();
          p.cancel();
        } catch (SqlStatementException e) {
          // closing a cancelled result may report the cancel
        }
        long n = 0;
        try (StatementResult r = p.execute(args)) {
          ResultSet rs = r.resultSet();
          while (rs.next()) {
            n++;
          }
        }
        assertThat(n).as(sql).isEqualTo(3);
      }
    }
  }
}
