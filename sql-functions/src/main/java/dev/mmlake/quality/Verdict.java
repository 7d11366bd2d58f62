package dev.mmlake.quality;

/**
 * Accumulates rule outcomes in a fixed order. The first failing rule gives the reason; the score
 * is the minimum over rules of {@code 0.5 + 0.5 * clamp(margin, -1, 1)}, where a rule's margin is
 * its distance to the threshold relative to the threshold, positive on the passing side. A gate
 * failure (undecodable, empty, invalid) scores 0.
 */
final class Verdict {
  private final QualityThresholds thresholds;
  private String reason;
  private double score = 1;
  private boolean gateFailed;

  Verdict(QualityThresholds thresholds) {
    this.thresholds = thresholds;
  }

  /** Fails the item outright with score 0 unless an earlier rule already failed it. */
  Verdict gate(String code, String detail) {
    if (reason == null) {
      reason = code + ": " + detail;
    }
    gateFailed = true;
    return this;
  }

  boolean gateFailed() {
    return gateFailed;
  }

  /**
   * Rule "value >= threshold". {@code what} formats the value, e.g. {@code "%s tokens"}.
   */
  Verdict atLeast(String code, double value, String key, String what) {
    double t = thresholds.get(key);
    return record(code, (value - t) / scale(t), value < t,
        String.format(what, Num.format(value)) + " < " + Num.format(t));
  }

  /** Rule "value <= threshold". */
  Verdict atMost(String code, double value, String key, String what) {
    double t = thresholds.get(key);
    return record(code, (t - value) / scale(t), value > t,
        String.format(what, Num.format(value)) + " > " + Num.format(t));
  }

  QualityResult result() {
    boolean pass = reason == null;
    return new QualityResult(pass ? QualityResult.PASS : QualityResult.FAIL,
        pass ? QualityResult.OK : reason, gateFailed ? 0 : score, QualityScorer.RULES_VERSION,
        thresholds.asMap());
  }

  private Verdict record(String code, double margin, boolean failed, String detail) {
    double ruleScore = 0.5 + 0.5 * Math.max(-1, Math.min(1, margin));
    if (failed) {
      ruleScore = Math.min(ruleScore, Math.nextDown(0.5));
      if (reason == null) {
        reason = code + ": " + detail;
      }
    }
    score = Math.min(score, ruleScore);
    return this;
  }

  private static double scale(double threshold) {
    return threshold == 0 ? 1 : Math.abs(threshold);
  }
}
