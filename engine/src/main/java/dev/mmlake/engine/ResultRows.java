package dev.mmlake.engine;

import dev.mmlake.catalog.TableAppender;
import dev.mmlake.engine.iceberg.IcebergTypes;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;

/** Copies the rows of a query's result set into a pending append, column by column. */
final class ResultRows {
  private ResultRows() {
  }

  /** Appends every remaining row of {@code rs} to {@code out}; returns the number of rows. */
  static long copy(ResultSet rs, TableAppender out, List<Types.NestedField> fields)
      throws SQLException {
    long n = 0;
    while (rs.next()) {
      GenericRecord r = out.newRecord();
      for (int i = 0; i < fields.size(); i++) {
        Object v = rs.getObject(i + 1);
        r.set(i, IcebergTypes.toIcebergValue(jdbcToInternal(v), fields.get(i).type()));
      }
      out.add(r);
      n++;
    }
    return n;
  }

  private static Object jdbcToInternal(Object v) throws SQLException {
    if (v instanceof Array a) {
      List<Object> list = new ArrayList<>();
      for (Object e : JdbcValues.toList(a)) {
        list.add(jdbcToInternal(e));
      }
      return list;
    }
    if (v instanceof Timestamp ts) {
      return ts.getTime();
    }
    if (v instanceof Date d) {
      return d.toLocalDate().toEpochDay();
    }
    return v;
  }
}
