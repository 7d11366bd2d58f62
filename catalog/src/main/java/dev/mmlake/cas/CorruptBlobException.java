package dev.mmlake.cas;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;

/**
 * A stored blob whose bytes no longer hash to its key. The blob is never served; restore it by
 * re-ingesting the item that produced it (a put of the right bytes replaces the corrupt file).
 * A {@link ErrorCode#CORRUPT_BLOB} data error; the message names the blob's key.
 */
public class CorruptBlobException extends MmlakeException {
  private final String expected;
  private final String actual;

  public CorruptBlobException(String expected, String actual) {
    super(ErrorCode.CORRUPT_BLOB, "Corrupt blob " + ContentKey.URI_PREFIX + expected
        + ": its bytes hash to " + actual
        + "; re-ingest the item that produced it to repair the store");
    this.expected = expected;
    this.actual = actual;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
