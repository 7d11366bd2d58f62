package dev.mmlake.engine;

import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.cas.BlobNotFoundException;
import dev.mmlake.cas.CorruptBlobException;
import dev.mmlake.cas.InvalidContentKeyException;
import dev.mmlake.engine.iceberg.IcebergTable;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;

/** Turns whatever a statement threw into a {@link SqlStatementException} with code and position. */
final class SqlErrors {
  private SqlErrors() {
  }

  static SqlStatementException translate(Throwable t) {
    if (t instanceof SqlStatementException s) {
      return s;
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SqlStatementException s) {
        return s;
      }
      if (c instanceof SqlParseException p) {
        SqlParserPos pos = p.getPos();
        return new SqlStatementException(SqlStatementException.Code.PARSE_ERROR,
            firstLine(p.getMessage()), pos == null ? 0 : pos.getLineNum(),
            pos == null ? 0 : pos.getColumnNum(), t);
      }
      if (c instanceof CalciteContextException cc) {
        String msg = cc.getCause() != null ? cc.getCause().getMessage() : cc.getMessage();
        return new SqlStatementException(SqlStatementException.Code.VALIDATION_ERROR, msg,
            cc.getPosLine(), cc.getPosColumn(), t);
      }
      if (c instanceof IcebergTable.UnsupportedStatementException) {
        return new SqlStatementException(SqlStatementException.Code.UNSUPPORTED, c.getMessage(),
            0, 0, t);
      }
      if (c instanceof NoSuchTableException || c instanceof NoSuchNamespaceException
          || c instanceof BlobNotFoundException) {
        return new SqlStatementException(SqlStatementException.Code.NOT_FOUND, c.getMessage(),
            0, 0, t);
      }
      if (c instanceof AlreadyExistsException) {
        return new SqlStatementException(SqlStatementException.Code.ALREADY_EXISTS,
            c.getMessage(), 0, 0, t);
      }
      if (c instanceof CommitFailedException) {
        return new SqlStatementException(SqlStatementException.Code.CONFLICT,
            "Commit failed, the table is unchanged: " + c.getMessage(), 0, 0, t);
      }
      if (c instanceof LakehouseException || c instanceof InvalidContentKeyException
          || c instanceof CorruptBlobException || c instanceof IllegalArgumentException
          || c instanceof IllegalStateException) {
        return new SqlStatementException(SqlStatementException.Code.VALIDATION_ERROR,
            c.getMessage(), 0, 0, t);
      }
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new SqlStatementException(SqlStatementException.Code.INTERNAL, msg, 0, 0, t);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "Syntax error";
    }
    String[] lines = s.split("\n");
    StringBuilder b = new StringBuilder(lines[0]);
    for (int i = 1; i < lines.length && i < 4; i++) {
      if (lines[i].startsWith("Was expecting")) {
        b.append(' ').append(lines[i].trim());
        if (i + 1 < lines.length) {
          b.append(' ').append(lines[i + 1].trim());
        }
        break;
      }
    }
    return b.toString();
  }
}
