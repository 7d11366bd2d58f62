package dev.mmlake.shards;

import dev.mmlake.cas.Sha256;
import java.util.Objects;

/**
 * Turns an item id into a WebDataset sample key: the part of a member name before the first dot.
 *
 * <p>Rules (stable, part of the shard format):
 * <ol>
 *   <li>An id made only of {@code [A-Za-z0-9_-]}, not starting with {@code -}, at most
 *       {@value #MAX_CLEAN} characters long, is its own key (mmlake's item ids, 64 hex
 *       characters, are always kept as they are).</li>
 *   <li>Otherwise each run of other code points (a dot, {@code /}, a control character, a space,
 *       any non-ASCII character) becomes one {@code _}, a leading {@code -} becomes {@code _}, the
 *       result is cut to {@value #MAX_PREFIX} characters, and {@code _} plus the first
 *       {@value #HASH_HEX} hex digits of sha256(UTF-8 id) is appended. The hash keeps two ids that
 *       sanitize alike apart; an empty id becomes {@code _<hash>}.</li>
 * </ol>
 * A key therefore never contains {@code .}, {@code ..}, {@code /}, control characters or
 * non-ASCII, never starts with {@code -}, and is at most {@value #MAX_CLEAN} characters, so a
 * member name {@code <key>.<ext>} fits a plain ustar header without PAX extensions. A kept id can
 * in theory equal another id's sanitized key; {@link ShardSetWriter} rejects such a set.
 */
public final class ShardKey {
  /** Longest id kept unchanged. */
  public static final int MAX_CLEAN = 80;
  /** Longest sanitized prefix before the hash suffix. */
  public static final int MAX_PREFIX = 60;
  /** Hex digits of sha256 appended to a changed id (64 bits). */
  public static final int HASH_HEX = 16;

  private ShardKey() {
  }

  /** The key of {@code itemId}; never empty. */
  public static String of(String itemId) {
    Objects.requireNonNull(itemId, "itemId is null");
    if (isValid(itemId)) {
      return itemId;
    }
    StringBuilder sb = new StringBuilder();
    boolean lastReplaced = false;
    for (int i = 0; i < itemId.length(); ) {
      int cp = itemId.codePointAt(i);
      i += Character.charCount(cp);
      if (isKeyChar(cp)) {
        sb.append((char) cp);
        lastReplaced = false;
      } else if (!lastReplaced) {
        sb.append('_');
        lastReplaced = true;
      }
    }
    if (sb.length() > 0 && sb.charAt(0) == '-') {
      sb.setCharAt(0, '_');
    }
    if (sb.length() > MAX_PREFIX) {
      sb.setLength(MAX_PREFIX);
    }
    if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_') {
      sb.append('_');
    }
    if (sb.length() == 0) {
      sb.append('_');
    }
    return sb.append(Sha256.hex(itemId), 0, HASH_HEX).toString();
  }

  /** True when {@code key} could be returned by {@link #of}: the characters a key may use. */
  public static boolean isValid(String key) {
    return key != null && !key.isEmpty() && key.length() <= MAX_CLEAN && key.charAt(0) != '-'
        && key.chars().allMatch(ShardKey::isKeyChar);
  }

  private static boolean isKeyChar(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '_' || c == '-';
  }
}
