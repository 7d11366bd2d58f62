package dev.mmlake.engine;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Test helper: a statement's result as rows of plain values (SQL arrays as lists). */
public final class QueryRows {
  private QueryRows() {
  }

  /** Runs {@code sql} in {@code session} and returns every row. */
  public static List<List<Object>> of(Session session, String sql) {
    try (StatementResult r = session.execute(sql)) {
      return drain(r.resultSet());
    }
  }

  /** Every remaining row of {@code rs}. */
  public static List<List<Object>> drain(ResultSet rs) {
    try {
      List<List<Object>> out = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          row.add(v instanceof Array a ? JdbcValues.toList(a) : v);
        }
        out.add(row);
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
