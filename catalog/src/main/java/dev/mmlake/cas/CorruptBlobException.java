package dev.mmlake.cas;

/**
 * A stored blob whose bytes no longer hash to its key. The blob is never served; restore it by
 * re-ingesting the item that produced it (a put of the right bytes replaces the corrupt file).
 */
public class CorruptBlobException extends RuntimeException {
  private final String expected;
  private final String actual;

  public CorruptBlobException(String expected, String actual) {
    super("Corrupt blob " + ContentKey.URI_PREFIX + expected + ": its bytes hash to " + actual
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
