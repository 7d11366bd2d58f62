package dev.mmlake.error;

/**
 * A user error in a value: a function argument, an option or a configuration value that is out of
 * range or malformed ({@link ErrorCode#INVALID_ARGUMENT}). Programmer errors stay
 * {@link IllegalArgumentException}s and are reported as internal.
 */
public class InvalidArgumentException extends MmlakeException {
  public InvalidArgumentException(String format, Object... args) {
    super(ErrorCode.INVALID_ARGUMENT, format, args);
  }

  public InvalidArgumentException(Throwable cause, String format, Object... args) {
    super(ErrorCode.INVALID_ARGUMENT, cause, format, args);
  }

  /** Throws an {@code InvalidArgumentException} with a formatted message when {@code ok} is false. */
  public static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new InvalidArgumentException(format, args);
    }
  }
}
