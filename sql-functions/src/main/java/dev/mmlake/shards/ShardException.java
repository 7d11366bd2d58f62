package dev.mmlake.shards;

import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.error.ErrorCode;

/**
 * A shard set could not be written; it ends the statement. When it is thrown, the writer has
 * already removed every temp file and every shard of the set it renamed into place, so nothing of
 * the set is visible and the write can simply be repeated. The message says what failed and what
 * to do (which folder, sample or option); the code says whose problem it is
 * ({@link ErrorCode#STORAGE_UNAVAILABLE} for the folder, {@link ErrorCode#ALREADY_EXISTS} for a
 * complete set in the way, {@link ErrorCode#CORRUPT_BLOB} for a blob that changed while it was
 * copied, {@link ErrorCode#CANCELLED} when interrupted, {@link ErrorCode#INVALID_ARGUMENT} for
 * samples that cannot form a set).
 */
public class ShardException extends LakehouseException {
  public ShardException(ErrorCode code, String format, Object... args) {
    super(code, format, args);
  }

  public ShardException(ErrorCode code, Throwable cause, String format, Object... args) {
    super(code, cause, format, args);
  }
}
