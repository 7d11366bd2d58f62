package dev.mmlake.error;

import static java.util.Objects.requireNonNull;

/**
 * The base of mmlake's exceptions: each carries an {@link ErrorCode}, chosen where it is thrown,
 * and through it an {@link ErrorKind}. Messages say what went wrong and what to do, and take a
 * format string in the style of Iceberg's exceptions.
 *
 * <p>Anything thrown that is not an {@code MmlakeException} (and not a known Calcite or Iceberg
 * exception) is reported as {@link ErrorCode#INTERNAL}: a bug, never the user's fault.
 */
public class MmlakeException extends RuntimeException {
  private final ErrorCode code;

  public MmlakeException(ErrorCode code, String format, Object... args) {
    super(format(format, args));
    this.code = requireNonNull(code, "code is null");
  }

  public MmlakeException(ErrorCode code, Throwable cause, String format, Object... args) {
    super(format(format, args), cause);
    this.code = requireNonNull(code, "code is null");
  }

  public ErrorCode code() {
    return code;
  }

  public ErrorKind kind() {
    return code.kind();
  }

  private static String format(String format, Object... args) {
    return args == null || args.length == 0 ? format : String.format(format, args);
  }
}
