package dev.mmlake.engine.maintain;

import dev.mmlake.error.InvalidArgumentException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as options and config values write them: {@code 7d}, {@code 12h}, {@code 0}, ISO. */
public final class DurationText {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(d|h|m|s|ms)?");

  private DurationText() {
  }

  /**
   * Parses {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 500ms}, a bare number of
   * seconds ({@code 0}) or an ISO-8601 duration ({@code P7D}); {@code what} names the option in
   * the error.
   */
  public static Duration parse(String text, String what) {
    InvalidArgumentException.check(text != null && !text.isBlank(), "%s is empty", what);
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return switch (unit) {
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        case "ms" -> Duration.ofMillis(n);
        default -> Duration.ofSeconds(n);
      };
    }
    try {
      Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      InvalidArgumentException.check(!d.isNegative(), "%s must not be negative: %s", what, text);
      return d;
    } catch (DateTimeParseException e) {
      throw new InvalidArgumentException(e, "%s is not a duration: '%s' (use e.g. 7d, 12h, 30m, "
          + "45s or P7D)", what, text);
    }
  }

  /** {@code 7d}, {@code 12h}, ... : the largest whole unit. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    if (s == 0 && !d.isZero()) {
      return d.toMillis() + "ms";
    }
    if (s % 86_400 == 0 && s > 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0 && s > 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
