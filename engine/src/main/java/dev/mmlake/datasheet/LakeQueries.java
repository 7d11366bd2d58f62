package dev.mmlake.datasheet;

import dev.mmlake.datasheet.Sheet.Bar;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.iceberg.catalog.TableIdentifier;

/** The SQL a datasheet runs, through an ordinary {@link Session}. */
final class LakeQueries {
  private final Session session;

  LakeQueries(Session session) {
    this.session = session;
  }

  boolean exists(TableIdentifier table) {
    return session.engine().lakehouse().catalog().tableExists(table);
  }

  /** All rows of {@code sql}, each as a list of column values. */
  List<List<Object>> rows(String sql) {
    try (StatementResult r = session.execute(sql)) {
      ResultSet rs = r.resultSet();
      int n = rs.getMetaData().getColumnCount();
      List<List<Object>> out = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        out.add(row);
      }
      return out;
    } catch (SQLException e) {
      throw new DatasheetException(e, "Reading the datasheet's facts failed on: %s (%s)", sql,
          e.getMessage());
    }
  }

  /** Column names (lower case) of a query's result. */
  Set<String> columns(String sql) {
    try (StatementResult r = session.execute(sql)) {
      ResultSetMetaData md = r.resultSet().getMetaData();
      Set<String> out = new LinkedHashSet<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        out.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
      }
      return out;
    } catch (SQLException e) {
      throw new DatasheetException(e, "Reading the columns of %s failed (%s)", sql,
          e.getMessage());
    }
  }

  /** A label / number query as chart bars; a null label reads "(none)". */
  List<Bar> bars(String sql) {
    List<Bar> out = new ArrayList<>();
    for (List<Object> r : rows(sql)) {
      Object v = r.get(1);
      out.add(new Bar(r.get(0) == null ? "(none)" : String.valueOf(r.get(0)),
          v == null ? 0 : ((Number) v).doubleValue()));
    }
    return out;
  }

  long count(String sql) {
    Object v = rows(sql).get(0).get(0);
    return v == null ? 0 : ((Number) v).longValue();
  }

  /** {@code s} as a SQL string literal. */
  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
