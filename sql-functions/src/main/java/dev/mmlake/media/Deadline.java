package dev.mmlake.media;

import java.time.Duration;

/** A wall-clock budget for decoding one item; {@link #check} throws once it has passed. */
final class Deadline {
  private final long endNanos;
  private final Duration budget;

  Deadline(Duration budget) {
    this.budget = budget;
    this.endNanos = System.nanoTime() + budget.toNanos();
  }

  void check(String ref) {
    if (System.nanoTime() - endNanos > 0) {
      throw new MediaDecodeException(FailureCodes.DECODE_TIMEOUT, ref,
          "decoding took longer than " + budget.toMillis() + " ms; raise "
              + MediaLimits.DECODE_TIMEOUT + " if such items are expected");
    }
  }
}
