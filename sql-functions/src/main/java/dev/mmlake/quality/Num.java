package dev.mmlake.quality;

import java.math.BigDecimal;
import java.math.MathContext;

/** Locale-independent, stable number formatting for reason strings. */
final class Num {
  private Num() {
  }

  /** Integers without a fraction, other values to 4 significant digits ({@code 0.4127}). */
  static String format(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
