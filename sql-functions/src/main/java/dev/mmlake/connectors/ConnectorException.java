package dev.mmlake.connectors;

import dev.mmlake.catalog.LakehouseException;

/** A source that cannot be read at all; it ends the statement. The message says what to fix. */
public class ConnectorException extends LakehouseException {
  public ConnectorException(String format, Object... args) {
    super(format, args);
  }

  public ConnectorException(Throwable cause, String format, Object... args) {
    super(cause, format, args);
  }

  /** Throws a {@code ConnectorException} with the formatted message unless {@code ok}. */
  public static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new ConnectorException(format, args);
    }
  }
}
