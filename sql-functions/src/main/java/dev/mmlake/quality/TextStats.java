package dev.mmlake.quality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measurements of a text that the text rules use.
 *
 * <p>Tokens approximate a BERT-style basic tokenizer without sub-words: a run of letters, marks
 * and digits is one token, every CJK ideograph or kana is one token, and every other
 * non-whitespace character (punctuation, symbol) is one token. Words are the letter/digit tokens,
 * lower-cased; the repetition measures use them.
 */
record TextStats(int tokens, int nonSpaceChars, int invalidChars, int nonLetterChars,
    double top3gramCharFraction, double dup5gramCharFraction) {

  static TextStats of(String text) {
    List<String> words = new ArrayList<>();
    int tokens = 0;
    int nonSpace = 0;
    int invalid = 0;
    int nonLetter = 0;
    StringBuilder word = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int cp;
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        cp = Character.toCodePoint(c, text.charAt(i + 1));
      } else if (Character.isSurrogate(c)) {
        cp = -1;
      } else {
        cp = c;
      }
      i += cp > 0xFFFF ? 2 : 1;
      if (cp >= 0 && Character.isWhitespace(cp)) {
        tokens += flush(word, words);
        continue;
      }
      nonSpace++;
      if (cp < 0 || cp == 0xFFFD || (Character.getType(cp) == Character.CONTROL)) {
        invalid++;
        nonLetter++;
        tokens += flush(word, words);
        continue;
      }
      boolean letter = isLetter(cp);
      if (!letter) {
        nonLetter++;
      }
      if (isIdeographic(cp)) {
        tokens += flush(word, words);
        word.appendCodePoint(cp);
        tokens += flush(word, words);
      } else if (letter || Character.isDigit(cp)) {
        word.appendCodePoint(cp);
      } else {
        tokens += flush(word, words) + 1;
      }
    }
    tokens += flush(word, words);
    return new TextStats(tokens, nonSpace, invalid, nonLetter, topNgramFraction(words, 3),
        dupNgramFraction(words, 5));
  }

  double invalidRatio() {
    return nonSpaceChars == 0 ? 0 : (double) invalidChars / nonSpaceChars;
  }

  double nonLetterRatio() {
    return nonSpaceChars == 0 ? 0 : (double) nonLetterChars / nonSpaceChars;
  }

  private static boolean isLetter(int cp) {
    int type = Character.getType(cp);
    return Character.isLetter(cp) || type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
  }

  private static boolean isIdeographic(int cp) {
    if (Character.isIdeographic(cp)) {
      return true;
    }
    Character.UnicodeScript s = Character.UnicodeScript.of(cp);
    return s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA;
  }

  private static int flush(StringBuilder word, List<String> words) {
    if (word.length() == 0) {
      return 0;
    }
    words.add(word.toString().toLowerCase(Locale.ROOT));
    word.setLength(0);
    return 1;
  }

  /**
   * Gopher's "top n-gram" measure: characters (sum of word lengths) of the most frequent word
   * n-gram times its count, over the characters of all words. An n-gram seen once is not
   * repetition, so the measure is 0 when no n-gram repeats.
   */
  static double topNgramFraction(List<String> words, int n) {
    long total = totalChars(words);
    if (words.size() < n || total == 0) {
      return 0;
    }
    Map<String, Integer> counts = new HashMap<>();
    long best = 0;
    for (int i = 0; i + n <= words.size(); i++) {
      String key = String.join(" ", words.subList(i, i + n));
      int count = counts.merge(key, 1, Integer::sum);
      if (count > 1) {
        best = Math.max(best, (long) count * (key.length() - (n - 1)));
      }
    }
    return Math.min(1, (double) best / total);
  }

  /**
   * Gopher's "duplicate n-gram" measure: characters of the words covered by any n-gram that
   * occurs more than once, over the characters of all words (each word counted once).
   */
  static double dupNgramFraction(List<String> words, int n) {
    long total = totalChars(words);
    if (words.size() < n || total == 0) {
      return 0;
    }
    Map<String, Integer> first = new HashMap<>();
    boolean[] covered = new boolean[words.size()];
    for (int i = 0; i + n <= words.size(); i++) {
      String key = String.join(" ", words.subList(i, i + n));
      Integer seen = first.putIfAbsent(key, i);
      if (seen != null) {
        for (int k = 0; k < n; k++) {
          covered[seen + k] = true;
          covered[i + k] = true;
        }
      }
    }
    long dup = 0;
    for (int i = 0; i < covered.length; i++) {
      if (covered[i]) {
        dup += words.get(i).length();
      }
    }
    return (double) dup / total;
  }

  private static long totalChars(List<String> words) {
    long total = 0;
    for (String w : words) {
      total += w.length();
    }
    return total;
  }
}
