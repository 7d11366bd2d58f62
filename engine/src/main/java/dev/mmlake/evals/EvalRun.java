package dev.mmlake.evals;

import dev.mmlake.versions.VersionName;
import java.time.Instant;
import java.util.List;

/** The metrics of one eval run on one version snapshot, as recorded in {@code lake.evals}. */
public record EvalRun(VersionName version, long snapshotId, String model, String modelVersion,
    String runId, Instant evaluatedAt, List<EvalMetric> metrics) {
  public EvalRun {
    metrics = List.copyOf(metrics);
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
