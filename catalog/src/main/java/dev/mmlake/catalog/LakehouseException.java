package dev.mmlake.catalog;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;

/**
 * An error from the lakehouse layer, with the code chosen where it is thrown; the message says
 * what went wrong and what to do.
 */
public class LakehouseException extends MmlakeException {
  public LakehouseException(ErrorCode code, String format, Object... args) {
    super(code, format, args);
  }

  public LakehouseException(ErrorCode code, Throwable cause, String format, Object... args) {
    super(code, cause, format, args);
  }
}
