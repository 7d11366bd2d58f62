package dev.mmlake.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The verdict of the quality rules on one item: one row of {@code lake.quality}.
 *
 * @param status {@link #PASS} or {@link #FAIL}
 * @param reason {@code ok}, or the first failing rule as {@code <code>: <detail>}, e.g.
 *     {@code too_short: 12 tokens < 50}
 * @param score in [0, 1]; {@code >= 0.5} exactly when the item passes (see docs/quality.md)
 * @param rulesVersion {@link QualityScorer#RULES_VERSION} of the rules that decided
 * @param thresholds every threshold in effect, keyed {@code <modality>.<name>}
 */
public record QualityResult(String status, String reason, double score, String rulesVersion,
    Map<String, Double> thresholds) {
  public static final String PASS = "pass";
  public static final String FAIL = "fail";
  public static final String OK = "ok";
  private static final ObjectMapper JSON = new ObjectMapper();

  public QualityResult {
    Objects.requireNonNull(status, "status is null");
    Objects.requireNonNull(reason, "reason is null");
    thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
  }

  public boolean passed() {
    return PASS.equals(status);
  }

  /** The stable code of the reason: {@code ok} or e.g. {@code too_short}. */
  public String reasonCode() {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }

  /** {@link #thresholds()} as a JSON object, in rule order. */
  public String thresholdsJson() {
    try {
      return JSON.writeValueAsString(thresholds);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write thresholds as JSON", e);
    }
  }
}
