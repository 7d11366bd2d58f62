package dev.mmlake.evals;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.versions.VersionName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/** Appends and reads {@code lake.evals} rows and their {@code lake.eval_samples}. */
public final class EvalStore {
  private final Lakehouse lakehouse;

  public EvalStore(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /**
   * Appends every metric of {@code run} as one snapshot of lake.evals; returns its id, or -1. The
   * per-sample values go to {@code lake.eval_samples} first, so a reader that sees the metric
   * finds them.
   */
  public long append(EvalRun run) {
    if (run.metrics().isEmpty()) {
      return -1;
    }
    appendSamples(run);
    try (TableAppender out = lakehouse.appender(lakehouse.table(LakeTables.EVALS))) {
      for (EvalMetric m : run.metrics()) {
        GenericRecord r = out.newRecord();
        r.setField("dataset", run.version().dataset());
        r.setField("version", run.version().version());
        r.setField("snapshot_id", run.snapshotId());
        r.setField("eval", m.eval());
        r.setField("eval_version", m.evalVersion());
        r.setField("metric", m.metric());
        r.setField("split", m.split());
        r.setField("value", m.value());
        r.setField("ci_low", m.ciLow());
        r.setField("ci_high", m.ciHigh());
        r.setField("model", run.model());
        r.setField("model_version", run.modelVersion());
        r.setField("run_id", run.runId());
        r.setField("evaluated_at", OffsetDateTime.ofInstant(run.evaluatedAt(), ZoneOffset.UTC));
        out.add(r);
      }
      return out.commit();
    }
  }

  private void appendSamples(EvalRun run) {
    if (run.samples().isEmpty() || !lakehouse.catalog().tableExists(LakeTables.EVAL_SAMPLES)) {
      return;
    }
    String eval = run.metrics().get(0).eval();
    try (TableAppender out = lakehouse.appender(lakehouse.table(LakeTables.EVAL_SAMPLES))) {
      run.samples().forEach((metric, values) -> values.forEach((sample, value) -> {
        GenericRecord r = out.newRecord();
        r.setField("run_id", run.runId());
        r.setField("dataset", run.version().dataset());
        r.setField("version", run.version().version());
        r.setField("eval", eval);
        r.setField("metric", metric);
        r.setField("sample", sample);
        r.setField("value", value);
        out.add(r);
      }));
      out.commit();
    }
  }

  /**
   * The per-sample values recorded for {@code metric} of {@code eval} by run {@code runId}, by
   * sample key in key order; empty when the run recorded none.
   */
  public SortedMap<String, Double> samples(String runId, String eval, String metric) {
    SortedMap<String, Double> out = new TreeMap<>();
    if (runId == null || !lakehouse.catalog().tableExists(LakeTables.EVAL_SAMPLES)) {
      return out;
    }
    Table t = lakehouse.table(LakeTables.EVAL_SAMPLES);
    if (t.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t)
        .where(Expressions.and(Expressions.equal("run_id", runId),
            Expressions.equal("eval", eval), Expressions.equal("metric", metric))).build()) {
      for (Record r : rows) {
        if (runId.equals(r.getField("run_id")) && eval.equals(r.getField("eval"))
            && metric.equals(r.getField("metric")) && r.getField("value") != null) {
          out.put((String) r.getField("sample"), (Double) r.getField("value"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A {@code lake.evals} row: the metric and the run that recorded it. */
  public record Recorded(EvalMetric metric, String runId) {
  }

  /**
   * The latest recorded value of each (eval, metric) of {@code version}, keyed
   * {@code eval/metric}; only rows of the version's current snapshot {@code snapshotId} count.
   */
  public Map<String, EvalMetric> latest(VersionName version, long snapshotId) {
    Map<String, EvalMetric> out = new LinkedHashMap<>();
    latestRecorded(version, snapshotId).forEach((k, v) -> out.put(k, v.metric()));
    return out;
  }

  /** Like {@link #latest}, with the run id of each row. */
  public Map<String, Recorded> latestRecorded(VersionName version, long snapshotId) {
    Table t = lakehouse.table(LakeTables.EVALS);
    Map<String, Recorded> out = new LinkedHashMap<>();
    Map<String, OffsetDateTime> at = new LinkedHashMap<>();
    if (t.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t)
        .where(Expressions.and(Expressions.equal("dataset", version.dataset()),
            Expressions.equal("version", version.version()))).build()) {
      List<Record> matching = new ArrayList<>();
      rows.forEach(r -> {
        if (version.dataset().equals(r.getField("dataset"))
            && version.version().equals(r.getField("version"))
            && Long.valueOf(snapshotId).equals(r.getField("snapshot_id"))) {
          matching.add(r);
        }
      });
      for (Record r : matching) {
        String key = r.getField("eval") + "/" + r.getField("metric");
        OffsetDateTime when = (OffsetDateTime) r.getField("evaluated_at");
        OffsetDateTime seen = at.get(key);
        if (seen == null || (when != null && when.isAfter(seen))) {
          at.put(key, when);
          out.put(key, new Recorded(new EvalMetric((String) r.getField("eval"),
              (String) r.getField("eval_version"), (String) r.getField("metric"),
              (String) r.getField("split"), (Double) r.getField("value"),
              (Double) r.getField("ci_low"), (Double) r.getField("ci_high"), 0, false),
              (String) r.getField("run_id")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
