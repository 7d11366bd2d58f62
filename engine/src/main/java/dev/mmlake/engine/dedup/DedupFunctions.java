package dev.mmlake.engine.dedup;

import dev.mmlake.catalog.StatementContext;
import dev.mmlake.dedup.AnnDedup;
import dev.mmlake.dedup.AnnDedupResult;
import dev.mmlake.dedup.AnnDedupRow;
import dev.mmlake.dedup.DiversityMetrics;
import dev.mmlake.dedup.ExactCandidate;
import dev.mmlake.dedup.ExactDecision;
import dev.mmlake.dedup.ExactDedup;
import dev.mmlake.dedup.MetricsWriter;
import dev.mmlake.engine.exec.StatementScopes;
import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.metric.Metric;
import dev.mmlake.transforms.PrecomputeTransforms;
import dev.mmlake.transforms.TransformUses;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Deduplication as SQL table functions over a cursor:
 * <ul>
 *   <li>{@code ANN_DEDUP(CURSOR(SELECT id, vector, quality FROM ...), threshold)}: near-duplicate
 *       clusters by cosine similarity;</li>
 *   <li>{@code EXACT_DEDUP(CURSOR(SELECT id, key, quality, ingested_at FROM ...))}: groups of equal
 *       keys (a content hash, or {@code TEXT_KEY(text)} for normalized text).</li>
 * </ul>
 * Both return {@code id, cluster_id, kept, nearest_id, similarity}: each cluster keeps the item
 * with the highest quality, ties to the smallest id, whatever the input order. Diversity metrics
 * of the run go to {@code obs.metrics} with the statement's other side writes.
 */
public final class DedupFunctions {
  private DedupFunctions() {
  }

  /**
   * {@code ANN_DEDUP(CURSOR(query), threshold)}. The cursor's rows arrive as {@code input},
   * planned with the statement (null while Calcite derives the row type).
   */
  public static ScannableTable annDedup(Enumerable<Object[]> input, Object thresholdValue) {
    if (thresholdValue != null) {
      threshold(thresholdValue); // a literal is checked while planning; a ? when it is bound
    }
    return new ResultTable(input, (root, rows) -> {
      double threshold = threshold(thresholdValue);
      List<String> ids = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      List<Double> quality = new ArrayList<>();
      for (Object[] row : rows) {
        if (row[0] == null || row[1] == null) {
          continue; // no id or no vector: nothing to compare
        }
        ids.add(row[0].toString());
        vectors.add(toFloats(row[1]));
        quality.add(row.length > 2 && row[2] != null ? ((Number) row[2]).doubleValue() : 0.0);
      }
      double[] q = new double[quality.size()];
      for (int i = 0; i < q.length; i++) {
        q[i] = quality.get(i);
      }
      AnnDedupResult result = AnnDedup.run(ids.toArray(new String[0]),
          vectors.toArray(new float[0][]), q, threshold);
      writeMetrics(root, DiversityMetrics.dedup(result));
      TransformUses.record(StatementScopes.of(root).context(),
          PrecomputeTransforms.annDedup(threshold, result.method()));
      List<Object[]> out = new ArrayList<>();
      for (AnnDedupRow r : result.rows()) {
        out.add(new Object[] {r.id(), r.clusterId(), r.kept(), r.nearestId(), r.similarity()});
      }
      return out;
    });
  }

  /** {@code EXACT_DEDUP(CURSOR(query))} over (id, key, quality, ingested_at). */
  public static ScannableTable exactDedup(Enumerable<Object[]> input) {
    return new ResultTable(input, (root, rows) -> {
      List<ExactCandidate> items = new ArrayList<>();
      for (Object[] row : rows) {
        if (row[0] == null || row[1] == null) {
          continue;
        }
        Double quality = row.length > 2 && row[2] != null ? ((Number) row[2]).doubleValue() : null;
        Instant at = row.length > 3 && row[3] instanceof Number t
            ? Instant.ofEpochMilli(t.longValue()) : null;
        items.add(new ExactCandidate(row[0].toString(), row[1].toString(), quality, at));
      }
      List<ExactDecision> decisions = ExactDedup.run(items);
      writeMetrics(root, DiversityMetrics.exact(decisions, "exact"));
      TransformUses.record(StatementScopes.of(root).context(), PrecomputeTransforms.exactDedup());
      List<Object[]> out = new ArrayList<>();
      for (ExactDecision d : decisions) {
        boolean alone = d.groupSize() == 1;
        out.add(new Object[] {d.id(), d.clusterId(), d.kept(),
            alone || d.kept() ? null : d.clusterId(), alone ? null : 1.0});
      }
      return out;
    });
  }

  private static double threshold(Object value) {
    // Object: a DECIMAL literal arrives as BigDecimal, a DOUBLE as Double
    if (!(value instanceof Number n) || n.doubleValue() <= 0 || n.doubleValue() > 1) {
      throw new InvalidArgumentException("ANN_DEDUP threshold must be a cosine similarity in "
          + "(0, 1], got " + value);
    }
    return n.doubleValue();
  }

  private static void writeMetrics(DataContext root, List<Metric> metrics) {
    StatementContext ctx = StatementScopes.of(root).context();
    // committed after the statement's own writes, and not at all if the statement fails
    MetricsWriter.stage(ctx.writes(), ctx.lakehouse(), ctx.runId(), Instant.now(), metrics);
  }

  private static float[] toFloats(Object v) {
    if (v instanceof float[] f) {
      return f;
    }
    List<?> l = (List<?>) v;
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).floatValue();
    }
    return out;
  }

  /** A dedup run over the cursor's rows. */
  private interface Compute {
    List<Object[]> apply(DataContext root, Iterable<Object[]> rows);
  }

  /** The rows of a dedup run, computed when the query scans them. */
  private static final class ResultTable extends AbstractTable implements ScannableTable {
    private final Enumerable<Object[]> input;
    private final Compute compute;

    ResultTable(Enumerable<Object[]> input, Compute compute) {
      this.input = input;
      this.compute = compute;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder()
          .add("id", SqlTypeName.VARCHAR)
          .add("cluster_id", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true))
          .add("kept", SqlTypeName.BOOLEAN)
          .add("nearest_id", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true))
          .add("similarity", f.createTypeWithNullability(f.createSqlType(SqlTypeName.DOUBLE), true))
          .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      if (input == null) {
        throw new IllegalStateException("A dedup function was scanned without its CURSOR input");
      }
      return Linq4j.asEnumerable(compute.apply(root, input));
    }
  }
}
