package dev.mmlake.evals;

import dev.mmlake.versions.VersionName;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one eval run on one version snapshot, as recorded in {@code lake.evals}.
 *
 * @param samples per sampled metric whose rows carried a sample key, its value per sample (as
 *     recorded in {@code lake.eval_samples}); empty when the eval returns no sample column
 */
public record EvalRun(VersionName version, long snapshotId, String model, String modelVersion,
    String runId, Instant evaluatedAt, List<EvalMetric> metrics,
    Map<String, Map<String, Double>> samples) {
  public EvalRun {
    metrics = List.copyOf(metrics);
    Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
    samples.forEach((m, v) -> copy.put(m, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    samples = Collections.unmodifiableMap(copy);
  }

  /** The metric named {@code name}, or null. */
  public EvalMetric metric(String name) {
    for (EvalMetric m : metrics) {
      if (m.metric().equals(name)) {
        return m;
      }
    }
    return null;
  }
}
