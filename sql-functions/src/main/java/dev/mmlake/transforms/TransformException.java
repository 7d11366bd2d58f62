package dev.mmlake.transforms;

import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.error.ErrorCode;

/**
 * A transform cannot be used as asked: a config that is not valid JSON or has a value out of range
 * ({@link ErrorCode#INVALID_ARGUMENT}), a transform name nobody registered
 * ({@link ErrorCode#NOT_FOUND}).
 */
public class TransformException extends LakehouseException {
  public TransformException(ErrorCode code, String format, Object... args) {
    super(code, format, args);
  }

  public TransformException(ErrorCode code, Throwable cause, String format, Object... args) {
    super(code, cause, format, args);
  }
}
