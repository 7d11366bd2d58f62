package dev.mmlake.shards;

import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.error.ErrorCode;

/**
 * A shard set could not be written; it ends the statement. When it is thrown, the writer has
 * already removed every temp file and every shard of the set it renamed into place, so nothing of
 * the set is visible and the write can simply be repeated. The message says what failed and what
 * to do (which folder, sample or option). Its code is {@link ErrorCode#STORAGE_UNAVAILABLE}.
 */
public class ShardException extends LakehouseException {
  public ShardException(String format, Object... args) {
    super(ErrorCode.STORAGE_UNAVAILABLE, format, args);
  }

  public ShardException(Throwable cause, String format, Object... args) {
    super(ErrorCode.STORAGE_UNAVAILABLE, cause, format, args);
  }
}
