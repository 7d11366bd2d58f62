package dev.mmlake.loader;

import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.error.ErrorCode;

/**
 * The loader cannot go on: a shard set that is missing or damaged
 * ({@link ErrorCode#NOT_FOUND}, {@link ErrorCode#CORRUPT_METADATA}), a cursor that does not match
 * the run ({@link ErrorCode#INVALID_ARGUMENT}), a sample that cannot be decoded
 * ({@link ErrorCode#DECODE_FAILED}), a read error ({@link ErrorCode#STORAGE_UNAVAILABLE}).
 */
public class LoaderException extends LakehouseException {
  public LoaderException(ErrorCode code, String format, Object... args) {
    super(code, format, args);
  }

  public LoaderException(ErrorCode code, Throwable cause, String format, Object... args) {
    super(code, cause, format, args);
  }
}
