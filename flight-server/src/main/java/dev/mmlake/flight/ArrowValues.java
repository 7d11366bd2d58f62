package dev.mmlake.flight;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.util.Text;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Moves single values between JDBC objects and Arrow vectors: query results into vectors,
 * bound parameters out of them. Nulls are left unset (vectors start all-null).
 */
final class ArrowValues {
  private static final long DAY_MILLIS = 86_400_000L;

  private ArrowValues() {
  }

  /** Writes {@code value} (a JDBC object) at {@code index}; null leaves the slot null. */
  static void set(FieldVector v, int index, Object value) throws SQLException {
    if (value == null) {
      return;
    }
    if (v instanceof VarCharVector s) {
      s.setSafe(index, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof BigIntVector b) {
      b.setSafe(index, ((Number) value).longValue());
    } else if (v instanceof IntVector i) {
      i.setSafe(index, ((Number) value).intValue());
    } else if (v instanceof Float8Vector d) {
      d.setSafe(index, ((Number) value).doubleValue());
    } else if (v instanceof Float4Vector f) {
      f.setSafe(index, ((Number) value).floatValue());
    } else if (v instanceof ListVector l) {
      setList(l, index, value);
    } else if (v instanceof BitVector b) {
      b.setSafe(index, Boolean.TRUE.equals(value) ? 1 : 0);
    } else if (v instanceof SmallIntVector s) {
      s.setSafe(index, ((Number) value).shortValue());
    } else if (v instanceof TinyIntVector t) {
      t.setSafe(index, ((Number) value).byteValue());
    } else if (v instanceof DecimalVector d) {
      BigDecimal bd = value instanceof BigDecimal x ? x : new BigDecimal(value.toString());
      d.setSafe(index, bd.setScale(d.getScale(), RoundingMode.HALF_UP));
    } else if (v instanceof VarBinaryVector b) {
      b.setSafe(index, bytes(value));
    } else if (v instanceof DateDayVector d) {
      d.setSafe(index, (int) Math.floorDiv(millis(value), DAY_MILLIS));
    } else if (v instanceof TimeStampVector t) {
      t.setSafe(index, millis(value));
    } else if (v instanceof TimeMilliVector t) {
      t.setSafe(index, (int) Math.floorMod(millis(value), DAY_MILLIS));
    } else {
      throw new IllegalStateException("No Arrow writer for " + v.getField());
    }
  }

  private static void setList(ListVector l, int index, Object value) throws SQLException {
    Object[] items;
    if (value instanceof java.sql.Array a) { // qualified: clashes with the imported java.lang.reflect.Array
      Object arr = a.getArray();
      if (arr instanceof float[] floats && l.getDataVector() instanceof Float4Vector f4) {
        int start = l.startNewValue(index);
        for (int k = 0; k < floats.length; k++) {
          f4.setSafe(start + k, floats[k]); // vectors: no boxing
        }
        l.endValue(index, floats.length);
        return;
      }
      items = arr instanceof Object[] o ? o : boxed(arr);
    } else if (value instanceof List<?> list) {
      items = list.toArray();
    } else {
      items = new Object[] {value};
    }
    int start = l.startNewValue(index);
    FieldVector data = (FieldVector) l.getDataVector();
    for (int k = 0; k < items.length; k++) {
      set(data, start + k, items[k]);
    }
    l.endValue(index, items.length);
  }

  private static Object[] boxed(Object primitiveArray) {
    int n = Array.getLength(primitiveArray);
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      out[i] = Array.get(primitiveArray, i);
    }
    return out;
  }

  private static byte[] bytes(Object value) {
    if (value instanceof ByteString bs) {
      return bs.getBytes();
    }
    if (value instanceof byte[] b) {
      return b;
    }
    return value.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static long millis(Object value) {
    if (value instanceof java.util.Date d) { // qualified: clashes with the imported java.sql.Date
      return d.getTime(); // the engine's connection runs in UTC
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    throw new IllegalStateException("Cannot convert " + value.getClass().getSimpleName()
        + " to a date/time value");
  }

  /** The JDBC object for a bound parameter at {@code index}, as the engine's setObject takes it. */
  static Object get(FieldVector v, int index) {
    if (v.isNull(index)) {
      return null;
    }
    Object o = v.getObject(index);
    if (o instanceof Text t) {
      return t.toString();
    }
    if (v instanceof DateDayVector) {
      return new Date(((Integer) o) * DAY_MILLIS);
    }
    if (o instanceof LocalDateTime t) {
      return new Timestamp(t.toInstant(ZoneOffset.UTC).toEpochMilli());
    }
    if (v instanceof TimeMilliVector && o instanceof LocalDateTime t) {
      return new Time(t.toInstant(ZoneOffset.UTC).toEpochMilli());
    }
    if (o instanceof byte[] b) {
      return new ByteString(b);
    }
    if (o instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object e : list) {
        out.add(e instanceof Text t ? t.toString() : e);
      }
      return out;
    }
    return o;
  }

  /** All rows of a parameter batch, each a list of JDBC objects in parameter order. */
  static List<List<Object>> rows(VectorSchemaRoot root) {
    List<List<Object>> rows = new ArrayList<>(root.getRowCount());
    for (int r = 0; r < root.getRowCount(); r++) {
      Object[] row = new Object[root.getFieldVectors().size()];
      for (int c = 0; c < row.length; c++) {
        row[c] = get(root.getVector(c), r);
      }
      rows.add(Arrays.asList(row));
    }
    return rows;
  }
}
