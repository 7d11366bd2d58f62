package dev.mmlake.dedup;

import dev.mmlake.cas.Sha256;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalizes text for exact deduplication so that copies differing only in Unicode form, case,
 * punctuation or spacing collide: NFKC, lower-case (root locale), delete every punctuation
 * character (Unicode category P), collapse runs of whitespace to one space, trim.
 */
public final class TextNormalizer {
  private static final Pattern PUNCTUATION = Pattern.compile("\\p{P}+");
  private static final Pattern SPACE = Pattern.compile("[\\s\\p{Z}]+",
      Pattern.UNICODE_CHARACTER_CLASS);

  private TextNormalizer() {
  }

  /** The normalized form of {@code text}; null stays null. */
  public static String normalize(String text) {
    if (text == null) {
      return null;
    }
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    s = PUNCTUATION.matcher(s).replaceAll("");
    return SPACE.matcher(s).replaceAll(" ").trim();
  }

  /** SHA-256 hex of the normalized text: the exact-dedup key of a text item (null for null). */
  public static String key(String text) {
    String n = normalize(text);
    return n == null ? null : Sha256.hex(n);
  }
}
