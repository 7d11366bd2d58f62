package dev.mmlake.evals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The manifest's record of an eval run: a reference to its lake.evals rows plus the values. */
final class EvalSummary {
  private EvalSummary() {
  }

  static ObjectNode of(EvalRun run, long evalsSnapshotId) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    String eval = run.metrics().isEmpty() ? null : run.metrics().get(0).eval();
    n.put("eval", eval);
    n.put("eval_version", run.metrics().isEmpty() ? null : run.metrics().get(0).evalVersion());
    n.put("run_id", run.runId());
    n.put("model", run.model());
    n.put("model_version", run.modelVersion());
    n.put("lake_evals_snapshot_id", evalsSnapshotId);
    n.put("rows", "SELECT * FROM lake.evals WHERE run_id = '" + run.runId() + "'");
    ObjectNode metrics = n.putObject("metrics");
    for (EvalMetric m : run.metrics()) {
      ObjectNode v = metrics.putObject(m.metric());
      v.put("value", m.value());
      v.put("ci_low", m.ciLow());
      v.put("ci_high", m.ciHigh());
      v.put("split", m.split());
    }
    return n;
  }
}
