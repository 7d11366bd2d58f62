package dev.mmlake.evals;

/**
 * One metric of an eval run: {@code ciLow}/{@code ciHigh} are null unless the eval returned one
 * value per sample (then {@code value} is their mean and {@code samples} their count).
 */
public record EvalMetric(String eval, String evalVersion, String metric, String split,
    double value, Double ciLow, Double ciHigh, long samples, boolean lowerIsBetter) {
}
