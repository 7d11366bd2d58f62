package dev.mmlake.engine;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.ErrorKind;
import dev.mmlake.error.MmlakeException;

/**
 * A statement that failed, with a code a client can act on (and through it a {@link ErrorKind})
 * and, where the parser or validator knows it, the 1-based line and column of the problem in the
 * statement text. {@link SqlErrors#translate} makes one from whatever a statement threw; an
 * {@link MmlakeException} keeps its own code and is the cause.
 */
public class SqlStatementException extends MmlakeException {
  private final int line;
  private final int column;

  public SqlStatementException(ErrorCode code, String message, int line, int column,
      Throwable cause) {
    super(code, cause, message);
    this.line = line;
    this.column = column;
  }

  public SqlStatementException(ErrorCode code, String message) {
    this(code, message, 0, 0, null);
  }

  /** 1-based line of the problem, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column of the problem, or 0 when unknown. */
  public int column() {
    return column;
  }

  /** The message prefixed with its position when known, e.g. {@code At line 1, column 8: ...}. */
  public String describe() {
    return line > 0 ? "At line " + line + ", column " + column + ": " + getMessage() : getMessage();
  }
}
