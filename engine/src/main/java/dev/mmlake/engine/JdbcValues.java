package dev.mmlake.engine;

import java.lang.reflect.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Helpers for values read from JDBC result sets. */
public final class JdbcValues {
  private JdbcValues() {
  }

  /**
   * The elements of a {@link java.sql.Array} (or a Java array) as a list. Arrays of non-nullable
   * numbers come back from Calcite as primitive arrays, others as object arrays: both work here.
   */
  public static List<Object> toList(Object value) throws SQLException {
    // qualified: clashes with the imported java.lang.reflect.Array
    Object arr = value instanceof java.sql.Array a ? a.getArray() : value;
    int n = Array.getLength(arr);
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Array.get(arr, i));
    }
    return out;
  }
}
