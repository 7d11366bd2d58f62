package dev.mmlake.versions;

import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.error.ErrorCode;

/**
 * A recipe or version request that cannot be honoured: a malformed header, an unknown or reused
 * version name, a result that breaks the recipe's own rules. The message says what to change.
 * Nothing was committed when it is thrown by {@link RecipeRunner}. A user error
 * ({@link ErrorCode#VALIDATION_ERROR}) unless a constructor with a code says otherwise.
 */
public class RecipeException extends LakehouseException {
  public RecipeException(String format, Object... args) {
    super(ErrorCode.VALIDATION_ERROR, format, args);
  }

  public RecipeException(Throwable cause, String format, Object... args) {
    super(ErrorCode.VALIDATION_ERROR, cause, format, args);
  }

  public RecipeException(ErrorCode code, String format, Object... args) {
    super(code, format, args);
  }

  public RecipeException(ErrorCode code, Throwable cause, String format, Object... args) {
    super(code, cause, format, args);
  }
}
