package dev.mmlake.shards;

import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.error.ErrorCode;

/**
 * A shard set could not be written; it ends the statement. When it is thrown, the writer has
 * already removed every temp file and every shard of the set it renamed into place, so nothing of
 * the set is visible and the write can simply be repeated. The message says what failed and what
 * to do (which folder, sample or option).
 */
public class ShardException extends LakehouseException {
  public ShardException(ErrorCode code, String format, Object... args) {
    super(code, format, args);
  }

  public ShardException(ErrorCode code, Throwable cause, String format, Object... args) {
    super(code, cause, format, args);
  }
}
