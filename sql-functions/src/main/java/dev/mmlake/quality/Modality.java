package dev.mmlake.quality;

import java.util.Locale;

/** The kinds of item that quality rules score; {@link #key()} prefixes threshold names. */
public enum Modality {
  TEXT, IMAGE, AUDIO, VIDEO;

  /** Lower-case name, e.g. {@code text}, as used in threshold keys ({@code text.min_tokens}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
