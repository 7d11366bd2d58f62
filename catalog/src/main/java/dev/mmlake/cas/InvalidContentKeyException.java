package dev.mmlake.cas;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;

/**
 * A content key or URI that is not a SHA-256 digest; never resolved to a file. A user error
 * ({@link ErrorCode#INVALID_ARGUMENT}).
 */
public class InvalidContentKeyException extends MmlakeException {
  private final String key;

  public InvalidContentKeyException(String key, String why) {
    super(ErrorCode.INVALID_ARGUMENT, "Invalid content key '" + abbreviate(key) + "': " + why);
    this.key = key;
  }

  public String key() {
    return key;
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
