package dev.mmlake.evals;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.engine.sql.SqlScript;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.versions.VersionName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.SnapshotRef;

/**
 * Runs an {@link EvalDefinition} on a dataset version through a session and turns the rows of its
 * last query into {@link EvalMetric}s, with the per-sample values of rows that name their sample in
 * an optional third column; nothing is written (see {@link EvalStore}). A
 * {@code heldout} eval refuses a version that contains held-out items: they would be tested on what
 * a model trained on the version has seen.
 */
public final class EvalRunner {
  private final Session session;
  private final Lakehouse lakehouse;

  public EvalRunner(Session session) {
    this.session = session;
    this.lakehouse = session.lakehouse();
  }

  /** Runs {@code eval} on the tagged snapshot of {@code version}. */
  public EvalRun run(EvalDefinition eval, VersionName version) {
    long snapshot = snapshotOf(version);
    if (eval.split().equals(EvalDefinition.SPLIT_HELDOUT)) {
      long leaked = ((Number) single("SELECT COUNT(*) FROM " + version.sql()
          + " WHERE IN_EVAL_SPLIT(id)")).longValue();
      if (leaked > 0) {
        throw new EvalException(ErrorCode.VALIDATION_ERROR, "%s holds %d items of the held-out "
            + "eval split, so eval %s would score items a model trained on it has seen; build "
            + "the version with WHERE NOT IN_EVAL_SPLIT(id) (docs/evals.md)", version, leaked,
            eval.name());
      }
    }
    List<SqlScript.Statement> statements = eval.statements();
    for (int i = 0; i < statements.size() - 1; i++) {
      session.execute(expand(statements.get(i).sql(), version)).close();
    }
    Map<String, List<Double>> values = new LinkedHashMap<>();
    Map<String, Map<String, Double>> samples = new LinkedHashMap<>();
    Set<String> unkeyed = new HashSet<>();
    String runId;
    try (StatementResult r = session.execute(expand(statements.get(statements.size() - 1).sql(),
        version))) {
      if (!r.isQuery()) {
        throw new EvalException(ErrorCode.INVALID_ARGUMENT, "%s: the last statement must be a "
            + "SELECT returning (metric, value) rows", eval.path());
      }
      runId = r.runId();
      ResultSet rs = r.resultSet();
      boolean keyed = rs.getMetaData().getColumnCount() >= 3;
      while (rs.next()) {
        String metric = rs.getString(1) == null ? null : rs.getString(1).strip(); // CHAR pads
        Object value = rs.getObject(2);
        if (metric == null || value == null) {
          continue;
        }
        double v = ((Number) value).doubleValue();
        values.computeIfAbsent(metric, k -> new ArrayList<>()).add(v);
        String sample = keyed && rs.getString(3) != null ? rs.getString(3).strip() : null;
        if (sample == null) {
          unkeyed.add(metric);
        } else if (samples.computeIfAbsent(metric, k -> new LinkedHashMap<>())
            .put(sample, v) != null) {
          throw new EvalException(ErrorCode.INVALID_ARGUMENT, "%s returned sample '%s' of metric "
              + "'%s' twice; the third column must name each query or item once per metric",
              eval.path(), sample, metric);
        }
      }
    } catch (SQLException e) {
      throw new EvalException(ErrorCode.INVALID_ARGUMENT, "%s: cannot read its (metric, value) "
          + "rows: %s", eval.path(), e.getMessage());
    }
    List<EvalMetric> metrics = new ArrayList<>();
    for (Map.Entry<String, List<Double>> e : values.entrySet()) {
      EvalDefinition.MetricSpec spec = eval.spec(e.getKey());
      if (spec == null) {
        throw new EvalException(ErrorCode.INVALID_ARGUMENT, "%s returned metric '%s', which its "
            + "-- metrics: header does not declare; add it there", eval.path(), e.getKey());
      }
      metrics.add(metric(eval, e.getKey(), e.getValue(), spec.lowerIsBetter()));
    }
    // only a metric with a key on every row and more than one row has per-sample values
    samples.keySet().removeIf(m -> unkeyed.contains(m) || values.get(m).size() < 2);
    String[] model = model(eval.model());
    return new EvalRun(version, snapshot, model[0], model[1], runId, Instant.now(), metrics,
        samples);
  }

  private static EvalMetric metric(EvalDefinition eval, String name, List<Double> values,
      boolean lower) {
    if (values.size() == 1) {
      return new EvalMetric(eval.name(), eval.version(), name, eval.split(), values.get(0), null,
          null, 1, lower);
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Bootstrap.Estimate est = Bootstrap.mean(v, name.hashCode());
    return new EvalMetric(eval.name(), eval.version(), name, eval.split(), est.mean(), est.low(),
        est.high(), v.length, lower);
  }

  /** The snapshot the version's tag points at (the version need not be in lake.versions yet). */
  private long snapshotOf(VersionName version) {
    SnapshotRef ref = lakehouse.catalog().tableExists(version.table())
        ? lakehouse.catalog().loadTable(version.table()).refs().get(version.version()) : null;
    if (ref == null) {
      throw new EvalException(ErrorCode.NOT_FOUND, "No version %s: table %s has no tag %s; build "
          + "it with mmlake run, or list versions with mmlake dataset list", version,
          version.table(), version.version());
    }
    return ref.snapshotId();
  }

  /**
   * The (name, version) of the eval's model: {@code EMBED_TEXT} or {@code EMBED_CLIP} stand for
   * the latest registered text or CLIP model, any other name for itself.
   */
  private String[] model(String model) {
    if (model == null) {
      return new String[] {null, null};
    }
    String where = switch (model.toUpperCase(Locale.ROOT)) {
      case "EMBED_TEXT" -> "modality = 'text'";
      case "EMBED_CLIP" -> "modality = 'text+image'";
      default -> "name = '" + model.replace("'", "''") + "'";
    };
    try (StatementResult r = session.execute("SELECT name, version FROM lake.models WHERE "
        + where + " ORDER BY registered_at DESC FETCH FIRST 1 ROWS ONLY")) {
      ResultSet rs = r.resultSet();
      return rs.next() ? new String[] {rs.getString(1), rs.getString(2)}
          : new String[] {model, null};
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static String expand(String sql, VersionName version) {
    return sql.replace("${version}", version.sql())
        .replace("${dataset}", version.dataset())
        .replace("${heldout}", "(SELECT * FROM lake.items WHERE IN_EVAL_SPLIT(id))");
  }

  private Object single(String sql) {
    try (StatementResult r = session.execute(sql)) {
      ResultSet rs = r.resultSet();
      return rs.next() ? rs.getObject(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
