package dev.mmlake.media;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import java.util.Objects;

/**
 * An item that cannot be decoded within mmlake's limits. It ends the item, not the statement:
 * callers record it as a failure event and carry on with the next item. Should one end a statement,
 * it is a {@link ErrorCode#DECODE_FAILED} data error naming the item.
 */
public final class MediaDecodeException extends MmlakeException {
  private final String errorType;
  private final String itemRef;

  /**
   * @param errorType a stable code from {@link FailureCodes}
   * @param itemRef the file path or URI of the item
   * @param message what went wrong and, where it helps, what to do
   */
  public MediaDecodeException(String errorType, String itemRef, String message) {
    this(errorType, itemRef, message, null);
  }

  public MediaDecodeException(String errorType, String itemRef, String message, Throwable cause) {
    super(ErrorCode.DECODE_FAILED, cause, "%s: %s", itemRef, message);
    this.errorType = Objects.requireNonNull(errorType, "errorType is null");
    this.itemRef = itemRef;
  }

  /** The stable failure code, e.g. {@code corrupt_jpeg}. */
  public String errorType() {
    return errorType;
  }

  /** The file path or URI of the item that failed. */
  public String itemRef() {
    return itemRef;
  }

  /** Whether retrying the same input may succeed. */
  public boolean retryable() {
    return FailureCodes.retryable(errorType);
  }

  /** The message without the item reference prefix. */
  public String reason() {
    String m = getMessage();
    String prefix = itemRef + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }
}
