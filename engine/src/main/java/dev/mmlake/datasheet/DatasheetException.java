package dev.mmlake.datasheet;

import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.error.ErrorCode;

/** A datasheet could not be built or written; the message names the version or file. */
public final class DatasheetException extends LakehouseException {
  DatasheetException(Throwable cause, String format, Object... args) {
    super(ErrorCode.INTERNAL, cause, format, args);
  }

  DatasheetException(ErrorCode code, Throwable cause, String format, Object... args) {
    super(code, cause, format, args);
  }
}
