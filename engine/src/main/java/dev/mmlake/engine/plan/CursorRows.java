package dev.mmlake.engine.plan;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * The rows of a {@code CURSOR(query)} argument together with the query's column names, as
 * {@link EnumerableCursorFunctionScan} passes them to a table function. A function that reads
 * columns by name (e.g. {@code WRITE_SHARDS} over {@code SELECT *}) asks
 * {@link #columnsOf(Enumerable)}; one that reads them by position just iterates.
 */
public final class CursorRows extends AbstractEnumerable<Object[]> {
  private final Enumerable<Object[]> rows;
  private final List<String> columns;

  public CursorRows(Enumerable<Object[]> rows, String[] columns) {
    this.rows = Objects.requireNonNull(rows, "rows is null");
    this.columns = List.of(Objects.requireNonNull(columns, "columns is null"));
  }

  /** The cursor query's column names, in row order. */
  public List<String> columns() {
    return columns;
  }

  /**
   * The column names of a cursor argument, or an empty list when {@code cursor} did not come
   * from a planned {@code CURSOR(query)} (e.g. a function called directly from Java).
   */
  public static List<String> columnsOf(Enumerable<?> cursor) {
    return cursor instanceof CursorRows c ? c.columns : List.of();
  }

  @Override
  public Enumerator<Object[]> enumerator() {
    return rows.enumerator();
  }
}
