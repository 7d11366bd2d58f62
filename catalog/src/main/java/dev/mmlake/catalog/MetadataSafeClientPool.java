package dev.mmlake.catalog;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * Iceberg's JDBC connection pool, except that result sets of {@link DatabaseMetaData} queries are
 * read into memory and closed at once.
 *
 * <p>Why: {@code JdbcCatalog.initialize} checks for its tables with
 * {@code getMetaData().getTables(..)} and {@code getColumns(..)} and never closes the result sets.
 * On SQLite an unfinished statement keeps its connection's read transaction open, so one pooled
 * connection keeps reading the catalog as it was when the process started: in WAL mode its reads
 * are stale and its writes fail with {@code SQLITE_BUSY_SNAPSHOT} once another process has
 * committed; in rollback-journal mode its shared lock blocks every other process's commits. Closing
 * the metadata result sets removes both.
 */
final class MetadataSafeClientPool extends JdbcClientPool {
  MetadataSafeClientPool(String dbUrl, Map<String, String> props) {
    super(dbUrl, props);
  }

  @Override
  protected Connection newClient() {
    Connection c = super.newClient();
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, forward(c, (m, args) -> m.getName().equals(
            "getMetaData") ? metadata(c.getMetaData()) : m.invoke(c, args)));
  }

  private static DatabaseMetaData metadata(DatabaseMetaData meta) {
    return (DatabaseMetaData) Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
        new Class<?>[] {DatabaseMetaData.class}, forward(meta, (m, args) -> {
          Object result = m.invoke(meta, args);
          return result instanceof ResultSet rs ? materialize(rs) : result;
        }));
  }

  /** Reads {@code rs} fully, closes it with its statement, and returns the rows it held. */
  private static ResultSet materialize(ResultSet rs) throws SQLException {
    List<String> labels = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    try {
      Statement st = rs.getStatement();
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        labels.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
      }
      while (rs.next()) {
        Object[] row = new Object[labels.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = rs.getObject(i + 1);
        }
        rows.add(row);
      }
      rs.close();
      if (st != null) {
        st.close();
      }
    } finally {
      rs.close();
    }
    return rows(labels, rows);
  }

  /** A forward-only result set over {@code rows}: next, get by index or label, close. */
  private static ResultSet rows(List<String> labels, List<Object[]> rows) {
    int[] at = {-1};
    Object[] last = {null};
    return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(),
        new Class<?>[] {ResultSet.class}, (proxy, m, args) -> {
          switch (m.getName()) {
            case "next":
              return ++at[0] < rows.size();
            case "close":
              return null;
            case "isClosed":
              return false;
            case "wasNull":
              return last[0] == null;
            case "findColumn":
              return labels.indexOf(((String) args[0]).toLowerCase(Locale.ROOT)) + 1;
            case "getObject", "getString", "getInt", "getLong", "getShort", "getBoolean":
              Object v = value(rows.get(at[0]), labels, args[0]);
              last[0] = v;
              return convert(v, m.getReturnType());
            default:
              throw new SQLException("mmlake's copy of a catalog metadata result set does not "
                  + "support ResultSet." + m.getName());
          }
        });
  }

  private static Object value(Object[] row, List<String> labels, Object column) {
    int i = column instanceof Integer n ? n - 1
        : labels.indexOf(((String) column).toLowerCase(Locale.ROOT));
    return i >= 0 && i < row.length ? row[i] : null;
  }

  private static Object convert(Object v, Class<?> type) {
    if (type == String.class) {
      return v == null ? null : v.toString();
    }
    if (type == int.class || type == long.class || type == short.class) {
      long n = v instanceof Number x ? x.longValue() : v == null ? 0 : Long.parseLong(v.toString());
      return type == int.class ? (Object) (int) n : type == short.class ? (Object) (short) n : n;
    }
    if (type == boolean.class) {
      return v instanceof Boolean b ? b : v != null && !v.toString().equals("0");
    }
    return v;
  }

  private interface Call {
    Object apply(Method m, Object[] args) throws Throwable;
  }

  private static InvocationHandler forward(Object target, Call call) {
    return (proxy, m, args) -> {
      if (m.getDeclaringClass() == Object.class) {
        return m.getName().equals("equals") ? proxy == args[0] : m.invoke(target, args);
      }
      try {
        return call.apply(m, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
  }
}
