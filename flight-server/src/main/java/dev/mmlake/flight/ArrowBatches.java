package dev.mmlake.flight;

import dev.mmlake.engine.iceberg.columnar.ColumnBatch;
import dev.mmlake.engine.iceberg.columnar.ColumnVector;
import java.math.RoundingMode;
import java.sql.SQLException;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Fills the Arrow vectors of a result (typed as {@link ArrowTypes} maps the query's columns) from
 * the selected rows of a scan's {@link ColumnBatch}, reading the batch's primitive buffers
 * directly: no row objects and no JDBC values in between. Strings and binaries are copied from
 * the batch's byte array, float lists (embedding vectors) from their {@code float[]}. Nulls are
 * left unset, as {@link ArrowValues} leaves them.
 */
final class ArrowBatches {
  private ArrowBatches() {
  }

  /**
   * Writes column {@code col} of the batch's selected rows into {@code v} at rows
   * {@code at, at + 1, ...}; the vector grows as needed.
   */
  static void append(FieldVector v, ColumnVector col, ColumnBatch batch, int at)
      throws SQLException {
    if (v instanceof BaseVariableWidthVector s) {
      appendBytes(s, col, batch, at);
      return;
    }
    if (v instanceof ListVector l) {
      appendLists(l, col, batch, at);
      return;
    }
    while (v.getValueCapacity() < at + batch.selectedCount()) {
      v.reAlloc();
    }
    // the vector's type is chosen once per column, not once per value
    if (v instanceof BigIntVector b) {
      eachValue(col, batch, at, (k, r) -> b.set(k, col.getLong(r)));
    } else if (v instanceof IntVector x) {
      eachValue(col, batch, at, (k, r) -> x.set(k, col.getInt(r)));
    } else if (v instanceof Float8Vector d) {
      eachValue(col, batch, at, (k, r) -> d.set(k, col.getDouble(r)));
    } else if (v instanceof Float4Vector f) {
      eachValue(col, batch, at, (k, r) -> f.set(k, col.getFloat(r)));
    } else if (v instanceof BitVector b) {
      eachValue(col, batch, at, (k, r) -> b.set(k, col.getBoolean(r) ? 1 : 0));
    } else if (v instanceof DateDayVector d) {
      eachValue(col, batch, at, (k, r) -> d.set(k, col.getInt(r)));
    } else if (v instanceof TimeStampVector t) {
      eachValue(col, batch, at, (k, r) -> t.set(k, col.getLong(r)));
    } else if (v instanceof TimeMilliVector t) {
      eachValue(col, batch, at, (k, r) -> t.set(k, col.getInt(r)));
    } else if (v instanceof DecimalVector d) {
      eachValue(col, batch, at, (k, r) -> d.setSafe(k,
          col.getDecimal(r).setScale(d.getScale(), RoundingMode.HALF_UP)));
    } else {
      eachValue(col, batch, at, (k, r) -> ArrowValues.set(v, k, col.getObject(r)));
    }
  }

  /** Writes the value of batch row {@code row} at Arrow index {@code index}. */
  @FunctionalInterface
  private interface ValueWriter {
    void write(int index, int row) throws SQLException;
  }

  /** Calls {@code writer} for each selected non-null row (nulls stay unset), in order. */
  private static void eachValue(ColumnVector col, ColumnBatch batch, int at, ValueWriter writer)
      throws SQLException {
    for (int i = 0, n = batch.selectedCount(); i < n; i++) {
      int r = batch.selectedRow(i);
      if (!col.isNull(r)) {
        writer.write(at + i, r);
      }
    }
  }

  private static void appendBytes(BaseVariableWidthVector v, ColumnVector col, ColumnBatch batch,
      int at) throws SQLException {
    ColumnVector.Bytes bytes = col.bytes();
    if (bytes == null) {
      eachValue(col, batch, at, (k, r) -> v.setSafe(k, col.getBytes(r)));
      return;
    }
    int[] offsets = bytes.offsets();
    byte[] data = bytes.data();
    eachValue(col, batch, at,
        (k, r) -> v.setSafe(k, data, offsets[r], offsets[r + 1] - offsets[r]));
  }

  private static void appendLists(ListVector l, ColumnVector col, ColumnBatch batch, int at)
      throws SQLException {
    Float4Vector floats = l.getDataVector() instanceof Float4Vector f ? f : null;
    eachValue(col, batch, at, (k, r) -> {
      float[] values = floats == null ? null : col.getFloats(r);
      if (values == null) {
        ArrowValues.set(l, k, col.getObject(r)); // null elements, or not a float list
        return;
      }
      int start = l.startNewValue(k);
      int end = start + values.length;
      while (floats.getValueCapacity() < end) {
        floats.reAlloc();
      }
      for (int e = 0; e < values.length; e++) {
        floats.set(start + e, values[e]);
      }
      l.endValue(k, values.length);
    });
  }
}
