package dev.mmlake.connectors;

import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.error.ErrorCode;

/**
 * A source that cannot be read at all; it ends the statement. The message says what to fix. The
 * path and format of a source are the user's input, so the code is
 * {@link ErrorCode#INVALID_ARGUMENT} unless a constructor with a code says otherwise.
 */
public class ConnectorException extends LakehouseException {
  public ConnectorException(String format, Object... args) {
    super(ErrorCode.INVALID_ARGUMENT, format, args);
  }

  public ConnectorException(Throwable cause, String format, Object... args) {
    super(ErrorCode.INVALID_ARGUMENT, cause, format, args);
  }

  public ConnectorException(ErrorCode code, String format, Object... args) {
    super(code, format, args);
  }

  public ConnectorException(ErrorCode code, Throwable cause, String format, Object... args) {
    super(code, cause, format, args);
  }

  /** Throws a {@code ConnectorException} with the formatted message unless {@code ok}. */
  public static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new ConnectorException(format, args);
    }
  }
}
