package dev.mmlake.versions;

import dev.mmlake.catalog.LakehouseException;

/**
 * A recipe or version request that cannot be honoured: a malformed header, an unknown or reused
 * version name, a result that breaks the recipe's own rules. The message says what to change.
 * Nothing was committed when it is thrown by {@link RecipeRunner}.
 */
public class RecipeException extends LakehouseException {
  public RecipeException(String format, Object... args) {
    super(format, args);
  }

  public RecipeException(Throwable cause, String format, Object... args) {
    super(cause, format, args);
  }
}
