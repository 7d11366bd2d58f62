package dev.mmlake.engine;

/**
 * A statement that failed, with a code a client can act on and, where the parser or validator
 * knows it, the 1-based line and column of the problem in the statement text.
 */
public class SqlStatementException extends RuntimeException {
  /** Error codes; the Flight server maps them to status codes. */
  public enum Code {
    /** The text is not valid SQL. */
    PARSE_ERROR,
    /** Valid SQL that names something missing or mistyped. */
    VALIDATION_ERROR,
    /** A table, tag or object that does not exist. */
    NOT_FOUND,
    /** Something that already exists (e.g. CREATE TABLE without IF NOT EXISTS). */
    ALREADY_EXISTS,
    /** SQL mmlake recognises but does not support. */
    UNSUPPORTED,
    /** The user may not run this statement. */
    PERMISSION_DENIED,
    /** A commit lost a race or the catalog refused it; retrying may succeed. */
    CONFLICT,
    /** The statement was cancelled or ran past its limits. */
    CANCELLED,
    /** A bug or an environment problem; the message and the log say more. */
    INTERNAL
  }

  private final Code code;
  private final int line;
  private final int column;

  public SqlStatementException(Code code, String message, int line, int column, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.line = line;
    this.column = column;
  }

  public SqlStatementException(Code code, String message) {
    this(code, message, 0, 0, null);
  }

  public Code code() {
    return code;
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
