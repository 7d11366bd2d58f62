package dev.mmlake.cas;

/** A content key or URI that is not a SHA-256 digest; never resolved to a file. */
public class InvalidContentKeyException extends IllegalArgumentException {
  private final String key;

  public InvalidContentKeyException(String key, String why) {
    super("Invalid content key '" + abbreviate(key) + "': " + why);
    this.key = key;
  }

  public String key() {
    return key;
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
