package dev.mmlake.dedup;

/**
 * One measurement of a pipeline stage, a row of {@code obs.metrics} without its run and time.
 *
 * @param stage e.g. {@code quality} or {@code dedup}
 * @param metric e.g. {@code pass_rate}
 * @param labelsJson JSON object of labels, e.g. {@code {"reason":"too_short"}}
 */
public record Metric(String stage, String metric, double value, String labelsJson) {
}
