package dev.mmlake.cas;

import java.util.regex.Pattern;

/**
 * Parsing and validation of content keys. A key is a 64-character lower-case hex SHA-256 digest;
 * a URI is {@code cas://sha256/<digest>}. Anything else is rejected, so no key can name a path
 * outside the store.
 */
public final class ContentKey {
  public static final String URI_PREFIX = "cas://sha256/";
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

  private ContentKey() {
  }

  /** Returns {@code digest} when it is a valid SHA-256 hex digest, else throws. */
  public static String requireDigest(String digest) {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new InvalidContentKeyException(String.valueOf(digest),
          "a content key must be 64 lower-case hex characters (a SHA-256 digest)");
    }
    return digest;
  }

  /** The digest named by a {@code cas://sha256/<hex>} URI; a bare digest is accepted too. */
  public static String digestOf(String uriOrDigest) {
    if (uriOrDigest == null) {
      throw new InvalidContentKeyException("null", "a content URI is required");
    }
    String s = uriOrDigest.trim();
    if (s.startsWith(URI_PREFIX)) {
      s = s.substring(URI_PREFIX.length());
    } else if (s.contains("://") || s.contains("/")) {
      throw new InvalidContentKeyException(uriOrDigest,
          "expected a URI of the form " + URI_PREFIX + "<64 hex chars>");
    }
    return requireDigest(s);
  }

  public static String uri(String digest) {
    return URI_PREFIX + requireDigest(digest);
  }

  /** True when {@code s} is a well-formed CAS URI. */
  public static boolean isUri(String s) {
    return s != null && s.startsWith(URI_PREFIX)
        && DIGEST.matcher(s.substring(URI_PREFIX.length())).matches();
  }
}
