package dev.mmlake.embed;

import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.error.ErrorCode;

/**
 * A model could not be registered, loaded or run. The message names the model, what failed and
 * what to do about it (which file, config key or artifact is missing). The code says whose
 * problem it is: {@link ErrorCode#MODEL_UNAVAILABLE} for a model this machine cannot load or run,
 * {@link ErrorCode#INVALID_ARGUMENT} for a bad setting, {@link ErrorCode#DECODE_FAILED} for an
 * input the model cannot read.
 */
public class EmbedException extends LakehouseException {
  public EmbedException(ErrorCode code, String format, Object... args) {
    super(code, format, args);
  }

  public EmbedException(ErrorCode code, Throwable cause, String format, Object... args) {
    super(code, cause, format, args);
  }
}
