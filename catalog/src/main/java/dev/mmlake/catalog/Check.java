package dev.mmlake.catalog;

/** Validation helpers in the style of Iceberg's {@code ValidationException.check}. */
public final class Check {
  private Check() {
  }

  /** Throws {@link IllegalArgumentException} with a formatted message when {@code ok} is false. */
  public static void argument(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }

  /** Throws {@link IllegalStateException} with a formatted message when {@code ok} is false. */
  public static void state(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalStateException(String.format(format, args));
    }
  }
}
