package dev.mmlake.engine.sql;

import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * One entry of {@code PARTITIONED BY}: a transform (lower case, {@code identity} for a bare
 * column) of a column, with the width of {@code bucket}/{@code truncate} (else null) and where it
 * stands in the statement.
 */
public record PartitionField(String transform, String column, Integer width, SqlParserPos pos) {
  /** The entry as SQL, e.g. {@code source}, {@code day(ts)} or {@code bucket(16, id)}. */
  public String sql() {
    String col = column.matches("[A-Za-z_][A-Za-z0-9_]*") ? column
        : '"' + column.replace("\"", "\"\"") + '"';
    if (transform.equals("identity")) {
      return col;
    }
    return transform + "(" + (width != null ? width + ", " : "") + col + ")";
  }
}
