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
import dev.mmlake.error.InvalidArgumentException;
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
 * of the run go to {@code obs.metrics}.
 */
public final class DedupFunctions {
  private DedupFunctions() {
  }

  /**
   * {@code ANN_DEDUP(CURSOR(query), threshold)}. The session rewrites the CURSOR argument into the
   * query's text ({@link CursorArguments}), which runs on the same connection when scanned.
   */
  public static ScannableTable annDedup(String query, Object thresholdValue) {
    // Object: a DECIMAL literal arrives as BigDecimal, a DOUBLE as Double
    if (!(thresholdValue instanceof Number n) || n.doubleValue() <= 0 || n.doubleValue() > 1) {
      throw new InvalidArgumentException("ANN_DEDUP threshold must be a cosine similarity in "
          + "(0, 1], got " + thresholdValue);
    }
    double threshold = n.doubleValue();
    return new ResultTable(query, input -> {
      List<String> ids = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      List<Double> quality = new ArrayList<>();
      for (Object[] row : input) {
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
      writeMetrics(DiversityMetrics.dedup(result));
      List<Object[]> rows = new ArrayList<>();
      for (AnnDedupRow r : result.rows()) {
        rows.add(new Object[] {r.id(), r.clusterId(), r.kept(), r.nearestId(), r.similarity()});
      }
      return rows;
    });
  }

  /** {@code EXACT_DEDUP(CURSOR(query))} over (id, key, quality, ingested_at). */
  public static ScannableTable exactDedup(String query) {
    return new ResultTable(query, input -> {
      List<ExactCandidate> items = new ArrayList<>();
      for (Object[] row : input) {
        if (row[0] == null || row[1] == null) {
          continue;
        }
        Double quality = row.length > 2 && row[2] != null ? ((Number) row[2]).doubleValue() : null;
        Instant at = row.length > 3 && row[3] instanceof Number t
            ? Instant.ofEpochMilli(t.longValue()) : null;
        items.add(new ExactCandidate(row[0].toString(), row[1].toString(), quality, at));
      }
      List<ExactDecision> decisions = ExactDedup.run(items);
      writeMetrics(DiversityMetrics.exact(decisions, "exact"));
      List<Object[]> rows = new ArrayList<>();
      for (ExactDecision d : decisions) {
        boolean alone = d.groupSize() == 1;
        rows.add(new Object[] {d.id(), d.clusterId(), d.kept(),
            alone || d.kept() ? null : d.clusterId(), alone ? null : 1.0});
      }
      return rows;
    });
  }

  private static void writeMetrics(List<dev.mmlake.dedup.Metric> metrics) {
    StatementContext ctx = StatementContext.current();
    MetricsWriter.append(ctx.lakehouse(), ctx.runId(), Instant.now(), metrics);
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

  /** The rows of a dedup run, computed when the query scans them. */
  private static final class ResultTable extends AbstractTable implements ScannableTable {
    private final String query;
    private final java.util.function.Function<List<Object[]>, List<Object[]>> compute;

    ResultTable(String query,
        java.util.function.Function<List<Object[]>, List<Object[]>> compute) {
      this.query = query;
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
      return Linq4j.asEnumerable(compute.apply(CursorArguments.run(root, query)));
    }
  }
}
