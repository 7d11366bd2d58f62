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
    int n = batch.selectedCount();
    if (v instanceof BaseVariableWidthVector s) {
      appendBytes(s, col, batch, at);
      return;
    }
    if (v instanceof ListVector l) {
      appendLists(l, col, batch, at);
      return;
    }
    while (v.getValueCapacity() < at + n) {
      v.reAlloc();
    }
    for (int i = 0; i < n; i++) {
      int r = batch.selectedRow(i);
      if (col.isNull(r)) {
        continue;
      }
      int k = at + i;
      if (v instanceof BigIntVector b) {
        b.set(k, col.getLong(r));
      } else if (v instanceof IntVector x) {
        x.set(k, col.getInt(r));
      } else if (v instanceof Float8Vector d) {
        d.set(k, col.getDouble(r));
      } else if (v instanceof Float4Vector f) {
        f.set(k, col.getFloat(r));
      } else if (v instanceof BitVector b) {
        b.set(k, col.getBoolean(r) ? 1 : 0);
      } else if (v instanceof DateDayVector d) {
        d.set(k, col.getInt(r));
      } else if (v instanceof TimeStampVector t) {
        t.set(k, col.getLong(r));
      } else if (v instanceof TimeMilliVector t) {
        t.set(k, col.getInt(r));
      } else if (v instanceof DecimalVector d) {
        d.setSafe(k, col.getDecimal(r).setScale(d.getScale(), RoundingMode.HALF_UP));
      } else {
        ArrowValues.set(v, k, col.getObject(r));
      }
    }
  }

  private static void appendBytes(BaseVariableWidthVector v, ColumnVector col, ColumnBatch batch,
      int at) {
    int n = batch.selectedCount();
    ColumnVector.Bytes bytes = col.bytes();
    if (bytes == null) {
      for (int i = 0; i < n; i++) {
        int r = batch.selectedRow(i);
        if (!col.isNull(r)) {
          v.setSafe(at + i, col.getBytes(r));
        }
      }
      return;
    }
    int[] offsets = bytes.offsets();
    byte[] data = bytes.data();
    for (int i = 0; i < n; i++) {
      int r = batch.selectedRow(i);
      if (!col.isNull(r)) {
        v.setSafe(at + i, data, offsets[r], offsets[r + 1] - offsets[r]);
      }
    }
  }

  private static void appendLists(ListVector l, ColumnVector col, ColumnBatch batch, int at)
      throws SQLException {
    int n = batch.selectedCount();
    Float4Vector floats = l.getDataVector() instanceof Float4Vector f ? f : null;
    for (int i = 0; i < n; i++) {
      int r = batch.selectedRow(i);
      if (col.isNull(r)) {
        continue;
      }
      float[] values = floats == null ? null : col.getFloats(r);
      if (values == null) {
        ArrowValues.set(l, at + i, col.getObject(r)); // null elements, or not a float list
        continue;
      }
      int start = l.startNewValue(at + i);
      int end = start + values.length;
      while (floats.getValueCapacity() < end) {
        floats.reAlloc();
      }
      for (int k = 0; k < values.length; k++) {
        floats.set(start + k, values[k]);
      }
      l.endValue(at + i, values.length);
    }
  }
}
