package dev.mmlake.console;

/**
 * The width of text in terminal columns: East Asian wide and fullwidth characters (CJK, Hangul,
 * fullwidth forms, most emoji) take two columns, combining marks and zero-width characters none.
 */
public final class DisplayWidth {
  private DisplayWidth() {
  }

  /** The columns {@code s} takes on a terminal. */
  public static int of(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      w += of(cp);
      i += Character.charCount(cp);
    }
    return w;
  }

  /** The columns one code point takes: 0, 1 or 2. */
  public static int of(int cp) {
    int type = Character.getType(cp);
    if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF
        || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT || type == Character.CONTROL) {
      return 0;
    }
    return wide(cp) ? 2 : 1;
  }

  /** Whether a code point is East Asian Wide or Fullwidth (Unicode UAX #11, main ranges). */
  static boolean wide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F) // Hangul Jamo initial consonants
        || (cp >= 0x2E80 && cp <= 0x303E) // CJK radicals, Kangxi, CJK symbols and punctuation
        || (cp >= 0x3041 && cp <= 0x33FF) // Hiragana, Katakana, Bopomofo, CJK compatibility
        || (cp >= 0x3400 && cp <= 0x4DBF) // CJK extension A
        || (cp >= 0x4E00 && cp <= 0x9FFF) // CJK unified ideographs
        || (cp >= 0xA000 && cp <= 0xA4CF) // Yi
        || (cp >= 0xA960 && cp <= 0xA97F) // Hangul Jamo extended A
        || (cp >= 0xAC00 && cp <= 0xD7A3) // Hangul syllables
        || (cp >= 0xF900 && cp <= 0xFAFF) // CJK compatibility ideographs
        || (cp >= 0xFE10 && cp <= 0xFE19) // vertical forms
        || (cp >= 0xFE30 && cp <= 0xFE6F) // CJK compatibility forms, small form variants
        || (cp >= 0xFF00 && cp <= 0xFF60) // fullwidth forms
        || (cp >= 0xFFE0 && cp <= 0xFFE6) // fullwidth signs
        || (cp >= 0x1F300 && cp <= 0x1F64F) // pictographs, emoticons
        || (cp >= 0x1F900 && cp <= 0x1F9FF) // supplemental symbols and pictographs
        || (cp >= 0x20000 && cp <= 0x3FFFD); // CJK extensions B and beyond
  }

  /** {@code s} cut to at most {@code max} columns, ending in "..." when cut. */
  public static String truncate(String s, int max) {
    if (of(s) <= max) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int cw = of(cp);
      if (w + cw > max - 3) {
        break;
      }
      b.appendCodePoint(cp);
      w += cw;
      i += Character.charCount(cp);
    }
    return b.append("...").toString();
  }
}
