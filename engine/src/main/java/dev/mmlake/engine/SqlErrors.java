package dev.mmlake.engine;

import dev.mmlake.catalog.CatalogBusyException;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import java.io.UncheckedIOException;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.RuntimeIOException;

/**
 * Turns whatever a statement threw into a {@link SqlStatementException} with code and position.
 * Codes are chosen where errors are thrown: an {@link MmlakeException} anywhere in the cause chain
 * keeps its own code. Only exceptions of the libraries mmlake builds on are classified here
 * (Calcite's parse and validation errors, Iceberg's catalog and commit exceptions, the JVM's
 * arithmetic and number-format errors of SQL expressions); anything else is a bug and
 * {@link ErrorCode#INTERNAL}, never the user's fault.
 */
final class SqlErrors {
  private SqlErrors() {
  }

  static SqlStatementException translate(Throwable t) {
    if (t instanceof SqlStatementException s) {
      return s;
    }
    CalciteContextException context = find(t, CalciteContextException.class);
    MmlakeException typed = find(t, MmlakeException.class);
    if (typed instanceof SqlStatementException s) {
      return s;
    }
    if (typed != null) {
      // e.g. a function's argument check during validation: its code, the validator's position
      return context != null
          ? new SqlStatementException(typed.code(), typed.getMessage(), context.getPosLine(),
              context.getPosColumn(), typed)
          : new SqlStatementException(typed.code(), typed.getMessage(), 0, 0, typed);
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SqlParseException p) {
        SqlParserPos pos = p.getPos();
        return new SqlStatementException(ErrorCode.PARSE_ERROR, firstLine(p.getMessage()),
            pos == null ? 0 : pos.getLineNum(), pos == null ? 0 : pos.getColumnNum(), t);
      }
      if (c instanceof CalciteContextException cc) {
        String msg = cc.getCause() != null ? cc.getCause().getMessage() : cc.getMessage();
        return new SqlStatementException(ErrorCode.VALIDATION_ERROR, msg, cc.getPosLine(),
            cc.getPosColumn(), t);
      }
      if (c instanceof SqlValidatorException) {
        return new SqlStatementException(ErrorCode.VALIDATION_ERROR, c.getMessage(), 0, 0, t);
      }
      if (c instanceof NoSuchTableException || c instanceof NoSuchNamespaceException) {
        return new SqlStatementException(ErrorCode.NOT_FOUND, c.getMessage(), 0, 0, t);
      }
      if (c instanceof AlreadyExistsException) {
        return new SqlStatementException(ErrorCode.ALREADY_EXISTS, c.getMessage(), 0, 0, t);
      }
      if (CatalogBusyException.isBusy(c) && find(c, CommitStateUnknownException.class) == null) {
        return new SqlStatementException(ErrorCode.CATALOG_BUSY, "lakehouse busy: another "
            + "process holds the catalog; nothing was changed, run the statement again ("
            + c.getMessage() + ")", 0, 0, t);
      }
      if (c instanceof CommitFailedException) {
        return new SqlStatementException(ErrorCode.COMMIT_CONFLICT, "Commit failed, the table is "
            + "unchanged; run the statement again: " + c.getMessage(), 0, 0, t);
      }
      if (c instanceof CommitStateUnknownException) {
        return new SqlStatementException(ErrorCode.COMMIT_STATE_UNKNOWN, "The commit may or may "
            + "not have succeeded; look at the table's snapshots (\"<table>$snapshots\") before "
            + "running the statement again: " + firstLine(c.getMessage()), 0, 0, t);
      }
      if (c instanceof NotFoundException) {
        return new SqlStatementException(ErrorCode.CORRUPT_METADATA, "A file of the table is "
            + "missing from storage: " + c.getMessage(), 0, 0, t);
      }
      if (c instanceof UncheckedIOException || c instanceof RuntimeIOException) {
        return new SqlStatementException(ErrorCode.STORAGE_UNAVAILABLE, describe(c), 0, 0, t);
      }
      if (c instanceof ArithmeticException || c instanceof NumberFormatException) {
        // raised by Calcite's runtime for the statement's own expressions (1 / 0, CAST('x' AS INT))
        return new SqlStatementException(ErrorCode.INVALID_ARGUMENT, describe(c), 0, 0, t);
      }
    }
    return new SqlStatementException(ErrorCode.INTERNAL, describe(rootOf(t)), 0, 0, t);
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static Throwable rootOf(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + t.getMessage();
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
