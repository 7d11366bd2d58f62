package dev.mmlake.metric;

/**
 * One measurement of a pipeline stage, a row of {@code obs.metrics} without its run and time.
 * The labels {@code source}, {@code modality} and {@code model}, when present, are also written
 * to columns of their own so that BI tools can group by them.
 *
 * @param stage e.g. {@code quality} or {@code dedup}
 * @param metric e.g. {@code pass_rate}
 * @param unit e.g. {@code rows}, {@code bytes}, {@code seconds}, {@code usd}, {@code ratio}; null
 *     when the value is a plain number
 * @param labelsJson JSON object of labels, e.g. {@code {"reason":"too_short"}}
 */
public record Metric(String stage, String metric, double value, String unit, String labelsJson) {
  /** A metric without a unit. */
  public Metric(String stage, String metric, double value, String labelsJson) {
    this(stage, metric, value, null, labelsJson);
  }
}
