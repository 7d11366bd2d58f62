package dev.mmlake.engine.search;

import dev.mmlake.engine.iceberg.columnar.FloatArrayList;
import dev.mmlake.engine.plan.CursorRows;
import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.search.ExactSearch;
import dev.mmlake.search.VectorBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.calcite.linq4j.Enumerable;

/**
 * Reads (key, vector) pairs from a {@code CURSOR(query)} argument: the vector is the column named
 * by the caller, the key is the first other column. A cursor of exactly two columns whose names do
 * not include it is read as (key, vector) by position, because the planner may drop a projection
 * that only renames columns. Rows without a key or vector are skipped.
 * Vectors arrive as {@code float[]} or lists of numbers (Iceberg {@code list<float>},
 * {@code EMBED_TEXT}, {@code ARRAY[...]} literals).
 */
final class CursorVectors {
  /** Rows per {@link VectorBatch} handed to the search. */
  static final int BATCH_ROWS = 2048;

  private final Enumerable<Object[]> cursor;
  private final int keyColumn;
  private final int vectorColumn;
  private final String what;

  CursorVectors(Enumerable<Object[]> cursor, String vectorColumn, String what) {
    this.cursor = cursor;
    this.what = what;
    List<String> columns = CursorRows.columnsOf(cursor);
    if (columns.isEmpty()) {
      this.keyColumn = 0; // called from Java: (key, vector) by position
      this.vectorColumn = 1;
      return;
    }
    int v = -1;
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).toLowerCase(Locale.ROOT).equals(vectorColumn.toLowerCase(Locale.ROOT))) {
        v = i;
      }
    }
    if (v < 0 && columns.size() == 2) {
      // the planner may drop a renaming projection (SELECT x AS vector): (key, vector) by position
      v = 1;
    }
    if (v < 0) {
      throw new InvalidArgumentException("The %s has no column '%s' (its columns: %s); name the "
          + "vector column, e.g. CURSOR(SELECT id, vector FROM ...) with 'vector'", what,
          vectorColumn, String.join(", ", columns));
    }
    if (columns.size() < 2) {
      throw new InvalidArgumentException("The %s has only the vector column '%s'; select a key "
          + "column before it, e.g. CURSOR(SELECT id, %s FROM ...)", what, vectorColumn,
          vectorColumn);
    }
    this.vectorColumn = v;
    this.keyColumn = v == 0 ? 1 : 0;
  }

  /** Every (key, vector) in the cursor, in batches of {@link #BATCH_ROWS}. */
  void forEachBatch(Consumer<VectorBatch> sink) {
    int dim = -1;
    Object[] ids = null;
    float[] flat = null;
    int n = 0;
    for (Object[] row : cursor) {
      Object key = row[keyColumn];
      Object value = row[vectorColumn];
      if (key == null || value == null) {
        continue;
      }
      float[] v = toFloats(value, what);
      if (dim < 0) {
        dim = v.length;
      } else if (v.length != dim) {
        throw new InvalidArgumentException("The %s mixes vector lengths: %s has %d dimensions, "
            + "earlier rows %d; search vectors made by one model", what, key, v.length, dim);
      }
      if (ids == null) {
        ids = new Object[BATCH_ROWS];
        flat = new float[BATCH_ROWS * dim];
      }
      ids[n] = key;
      System.arraycopy(v, 0, flat, n * dim, dim);
      if (++n == BATCH_ROWS) {
        sink.accept(new VectorBatch(ids, flat, n, dim));
        ids = null;
        n = 0;
      }
    }
    if (n > 0) {
      sink.accept(new VectorBatch(ids, flat, n, dim));
    }
  }

  /** Every (key, vector) in the cursor as lists (for the queries of a batch search). */
  void collect(List<Object> keys, List<float[]> vectors) {
    for (Object[] row : cursor) {
      if (row[keyColumn] != null && row[vectorColumn] != null) {
        keys.add(row[keyColumn]);
        vectors.add(toFloats(row[vectorColumn], what));
      }
    }
  }

  /** Scans the cursor into {@code search}. */
  void scanInto(ExactSearch search) {
    forEachBatch(search::add);
  }

  static float[] toFloats(Object value, String what) {
    if (value instanceof float[] f) {
      return f;
    }
    if (value instanceof FloatArrayList f) {
      return f.toFloatArray().clone(); // a vector straight from a columnar scan: no unboxing
    }
    if (value instanceof List<?> list) {
      float[] out = new float[list.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(list.get(i) instanceof Number num)) {
          throw new InvalidArgumentException("A vector in the %s has a non-numeric element %s "
              + "at position %d", what, list.get(i), i);
        }
        out[i] = num.floatValue();
      }
      return out;
    }
    if (value instanceof Object[] array) {
      return toFloats(new ArrayList<>(List.of(array)), what);
    }
    throw new InvalidArgumentException("The %s's vector is a %s, not an array of numbers; pass a "
        + "REAL ARRAY such as an embedding column or EMBED_TEXT(...)", what,
        value.getClass().getSimpleName());
  }
}
