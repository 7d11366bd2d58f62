package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.dedup.Dot;
import dev.mmlake.search.SearchMetric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** VECTOR_SEARCH and VECTOR_SEARCH_BATCH through SQL, against brute force over the same rows. */
class VectorSearchSqlTest extends EngineTestBase {
  private static final int DIM = 6;
  private static final int ROWS = 120;

  @Test
  void singleAndBatchSearchMatchBruteForceWithTiesByIdForEveryMetric() {
    float[][] vectors = corpus();
    float[] query = vectors[7];
    for (SearchMetric metric : SearchMetric.values()) {
      List<List<Object>> got = rows("SELECT id, \"rank\", distance FROM TABLE(VECTOR_SEARCH("
          + "CURSOR(SELECT id, vector FROM lake.vecs), 'vector', " + array(query) + ", 8, '"
          + metric.sqlName() + "')) ORDER BY \"rank\"");
      assertThat(got).as(metric.sqlName()).isEqualTo(bruteForce(vectors, query, 8, metric, null));
    }
    // metric omitted: cosine
    List<List<Object>> cosine = rows("SELECT id, \"rank\", distance FROM TABLE(VECTOR_SEARCH("
        + "CURSOR(SELECT id, vector FROM lake.vecs), 'vector', " + array(query) + ", 8)) "
        + "ORDER BY \"rank\"");
    assertThat(cosine).isEqualTo(bruteForce(vectors, query, 8, SearchMetric.COSINE, null));

    // the batch form: every query of the cursor in one scan
    List<List<Object>> batch = rows("SELECT query_id, id, \"rank\", distance FROM TABLE("
        + "VECTOR_SEARCH_BATCH(CURSOR(SELECT id, vector FROM lake.vecs), "
        + "CURSOR(SELECT 'q' || id AS query_id, vector FROM lake.vecs WHERE id < 'i0005'), "
        + "'vector', 4, 'l2')) ORDER BY query_id, \"rank\"");
    List<List<Object>> expected = new ArrayList<>();
    for (int q = 0; q < 5; q++) {
      expected.addAll(bruteForce(vectors, vectors[q], 4, SearchMetric.L2, "qi000" + q));
    }
    assertThat(batch).isEqualTo(expected);
  }

  @Test
  void badArgumentsAreUserErrorsThatSayWhatToDo() {
    corpus();
    // a two-column cursor is (key, vector) by position; with more columns the name must match
    assertThatThrownBy(() -> rows("SELECT * FROM TABLE(VECTOR_SEARCH(CURSOR(SELECT id, vector, "
        + "UPPER(id) AS label FROM lake.vecs), 'embedding', ARRAY[1.0, 0.0], 3))"))
        .isInstanceOf(SqlStatementException.class).hasMessageContaining("no column 'embedding'");
    assertThatThrownBy(() -> rows("SELECT * FROM TABLE(VECTOR_SEARCH(CURSOR(SELECT id, vector "
        + "FROM lake.vecs), 'vector', ARRAY[1.0, 0.0], 3))"))
        .isInstanceOf(SqlStatementException.class).hasMessageContaining("dimensions");
    assertThatThrownBy(() -> rows("SELECT * FROM TABLE(VECTOR_SEARCH(CURSOR(SELECT id, vector "
        + "FROM lake.vecs), 'vector', ARRAY[1.0, 0.0], 0))"))
        .isInstanceOf(SqlStatementException.class).hasMessageContaining("k must be a positive number");
  }

  /** lake.vecs: random vectors, every fourth a copy of an earlier one (ties). */
  private float[][] corpus() {
    exec("CREATE TABLE lake.vecs (id VARCHAR NOT NULL, vector FLOAT ARRAY)");
    SplittableRandom random = new SplittableRandom(11);
    float[][] vectors = new float[ROWS][];
    StringJoiner values = new StringJoiner(", ");
    for (int i = 0; i < ROWS; i++) {
      if (i > 8 && i % 4 == 0) {
        vectors[i] = vectors[random.nextInt(i)].clone();
      } else {
        vectors[i] = new float[DIM];
        for (int d = 0; d < DIM; d++) {
          vectors[i][d] = (float) (Math.round(random.nextGaussian() * 100) / 100.0);
        }
      }
      values.add("('" + id(i) + "', " + array(vectors[i]) + ")");
    }
    exec("INSERT INTO lake.vecs VALUES " + values);
    return vectors;
  }

  private static String id(int i) {
    return String.format("i%04d", i);
  }

  private static String array(float[] v) {
    StringJoiner j = new StringJoiner(", ", "ARRAY[", "]");
    for (float f : v) {
      j.add("CAST(" + f + " AS FLOAT)");
    }
    return j.toString();
  }

  private static List<List<Object>> bruteForce(float[][] vectors, float[] q, int k,
      SearchMetric metric, String queryId) {
    Dot dot = Dot.best();
    float qn = dot.dot(q, 0, q, 0, DIM);
    List<Object[]> all = new ArrayList<>();
    for (int i = 0; i < vectors.length; i++) {
      float[] x = vectors[i];
      all.add(new Object[] {id(i), metric.distance(dot.dot(q, 0, x, 0, DIM), qn,
          dot.dot(x, 0, x, 0, DIM))});
    }
    all.sort(Comparator.<Object[]>comparingDouble(r -> (Float) r[1])
        .thenComparing(r -> (String) r[0]));
    List<List<Object>> out = new ArrayList<>();
    for (int r = 0; r < k; r++) {
      List<Object> row = new ArrayList<>();
      if (queryId != null) {
        row.add(queryId);
      }
      row.add(all.get(r)[0]);
      row.add(r + 1);
      row.add((double) (Float) all.get(r)[1]);
      out.add(row);
    }
    return out;
  }
}
