package dev.mmlake.embed;

import dev.mmlake.catalog.LakehouseException;

/**
 * A model could not be registered, loaded or run. The message names the model, what failed and
 * what to do about it (which file, config key or artifact is missing).
 */
public class EmbedException extends LakehouseException {
  public EmbedException(String format, Object... args) {
    super(format, args);
  }

  public EmbedException(Throwable cause, String format, Object... args) {
    super(cause, format, args);
  }
}
