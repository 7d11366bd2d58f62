package dev.mmlake.engine.search;

import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.search.ExactSearch;
import dev.mmlake.search.SearchMetric;
import dev.mmlake.search.TopK;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Parameter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Exact k-nearest-neighbour search as SQL table functions over cursors (see docs/search.md):
 * <ul>
 *   <li>{@code VECTOR_SEARCH(CURSOR(SELECT id, vector FROM ...), 'vector', query, k, metric)}
 *       returns {@code id, rank, distance} of the k rows nearest to one query vector;</li>
 *   <li>{@code VECTOR_SEARCH_BATCH(CURSOR(corpus), CURSOR(SELECT query_id, vector FROM ...),
 *       'vector', k, metric)} returns {@code query_id, id, rank, distance} for every query in one
 *       scan of the corpus.</li>
 * </ul>
 * The key is the cursor's first column other than the vector column, returned as text. Metric is
 * {@code 'cosine'}, {@code 'l2'} or {@code 'dot'} ({@link SearchMetric}); rank 1 is nearest, equal
 * distances are ordered by key.
 */
public final class VectorSearchFunctions {
  private VectorSearchFunctions() {
  }

  /** {@code VECTOR_SEARCH}: the corpus cursor is {@code input} (null while planning). */
  public static ScannableTable vectorSearch(Enumerable<Object[]> input, String column,
      Object query, int k,
      @Parameter(name = "metric", optional = true) String metric) {
    checkArguments(column, k, metric);
    return new ResultTable(false, () -> {
      if (query == null) {
        return List.of(); // a NULL query vector has no neighbours
      }
      float[] q = CursorVectors.toFloats(query, "query vector");
      List<List<TopK.Hit>> hits = search(input, column, new float[][] {q}, k, metric);
      List<Object[]> out = new ArrayList<>();
      addRows(out, null, hits.get(0));
      return out;
    });
  }

  /** {@code VECTOR_SEARCH_BATCH}: one scan of {@code corpus} for every row of {@code queries}. */
  public static ScannableTable vectorSearchBatch(Enumerable<Object[]> corpus,
      Enumerable<Object[]> queries, String column, int k,
      @Parameter(name = "metric", optional = true) String metric) {
    checkArguments(column, k, metric);
    return new ResultTable(true, () -> {
      List<Object> keys = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      new CursorVectors(queries, column, "queries cursor").collect(keys, vectors);
      if (keys.isEmpty()) {
        return List.of();
      }
      List<List<TopK.Hit>> hits = search(corpus, column, vectors.toArray(new float[0][]), k,
          metric);
      List<Object[]> out = new ArrayList<>();
      for (int q = 0; q < keys.size(); q++) {
        addRows(out, String.valueOf(keys.get(q)), hits.get(q));
      }
      return out;
    });
  }

  private static List<List<TopK.Hit>> search(Enumerable<Object[]> corpus, String column,
      float[][] queries, int k, String metric) {
    if (corpus == null) {
      throw new IllegalStateException("A vector search was scanned without its CURSOR input");
    }
    try (ExactSearch search = new ExactSearch(queries, k, SearchMetric.parse(metric),
        ExactSearch.defaultThreads())) {
      new CursorVectors(corpus, column, "corpus cursor").scanInto(search);
      return search.finish();
    }
  }

  private static void addRows(List<Object[]> out, String queryId, List<TopK.Hit> hits) {
    int rank = 1;
    for (TopK.Hit h : hits) {
      Object[] row = queryId == null
          ? new Object[] {String.valueOf(h.id()), rank, (double) h.distance()}
          : new Object[] {queryId, String.valueOf(h.id()), rank, (double) h.distance()};
      out.add(row);
      rank++;
    }
  }

  private static void checkArguments(String column, int k, String metric) {
    InvalidArgumentException.check(column != null && !column.isBlank(),
        "Name the vector column of the cursor, e.g. 'vector'");
    InvalidArgumentException.check(k > 0, "k must be a positive number of neighbours, got %d", k);
    SearchMetric.parse(metric);
  }

  /** Computes the result rows when the query scans them. */
  private interface Compute {
    List<Object[]> rows();
  }

  /** The rows of one search. */
  private static final class ResultTable extends AbstractTable implements ScannableTable {
    private final boolean batch;
    private final Compute compute;

    ResultTable(boolean batch, Compute compute) {
      this.batch = batch;
      this.compute = compute;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      RelDataTypeFactory.Builder b = f.builder();
      if (batch) {
        b.add("query_id", SqlTypeName.VARCHAR);
      }
      return b.add("id", SqlTypeName.VARCHAR)
          .add("rank", SqlTypeName.INTEGER)
          .add("distance", SqlTypeName.DOUBLE)
          .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(compute.rows());
    }
  }
}
