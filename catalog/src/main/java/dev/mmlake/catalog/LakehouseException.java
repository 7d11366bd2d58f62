package dev.mmlake.catalog;

/** A user-facing error from the lakehouse layer; the message says what went wrong and what to do. */
public class LakehouseException extends RuntimeException {
  public LakehouseException(String format, Object... args) {
    super(String.format(format, args));
  }

  public LakehouseException(Throwable cause, String format, Object... args) {
    super(String.format(format, args), cause);
  }
}
