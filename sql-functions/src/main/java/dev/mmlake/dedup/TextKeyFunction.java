package dev.mmlake.dedup;

/**
 * {@code TEXT_KEY(text)}: the exact-dedup key of a text, the SHA-256 of its normalized form
 * (see {@link TextNormalizer}): texts that differ only in case, spacing, punctuation or Unicode
 * form share a key.
 */
public final class TextKeyFunction {
  public String eval(String text) {
    return text == null ? null : TextNormalizer.key(text);
  }
}
