package dev.mmlake.engine.iceberg.columnar;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;

/**
 * A read-only view of one column of a {@link ColumnBatch}: values are read by row index in the
 * batch, in Calcite's representation but without boxing where the column is primitive (INTEGER
 * and DATE as {@code int} (epoch days), BIGINT and TIMESTAMP as {@code long} (epoch
 * milliseconds), REAL as {@code float}, strings as UTF-8 bytes).
 *
 * <p>Callers ask for the getter that matches the column's SQL type; a getter of another type
 * throws {@link UnsupportedOperationException} (a programmer error). Values of a null row are
 * undefined; check {@link #isNull} first.
 */
public abstract class ColumnVector {
  /** A string or binary column laid out as Arrow does: row {@code r} is
   * {@code data[offsets[r] .. offsets[r + 1])}. Callers must not modify the arrays. */
  public record Bytes(byte[] data, int[] offsets) {
  }

  /**
   * Which entry of a Parquet dictionary each row's value is ({@code ids[row]}, -1 for a value
   * stored plainly or null): rows with the same id and the same {@code dictionary} token have
   * equal values, so a consumer can work per entry instead of per row.
   */
  public record DictionaryEntries(int[] ids, Object dictionary) {
  }

  ColumnVector() {
  }

  public abstract boolean isNull(int row);

  /** The value as Calcite represents it: Integer, Long, Float, Double, Boolean, String,
   * ByteString, BigDecimal or List; null for a null row. */
  public abstract Object getObject(int row);

  public int getInt(int row) {
    throw wrongType("int");
  }

  public long getLong(int row) {
    throw wrongType("long");
  }

  public float getFloat(int row) {
    throw wrongType("float");
  }

  public double getDouble(int row) {
    throw wrongType("double");
  }

  public boolean getBoolean(int row) {
    throw wrongType("boolean");
  }

  public BigDecimal getDecimal(int row) {
    throw wrongType("decimal");
  }

  /** A string's UTF-8 bytes or a binary value's bytes (a copy). */
  public byte[] getBytes(int row) {
    throw wrongType("bytes");
  }

  /**
   * The elements of a float list without null elements, as a primitive array the caller must
   * not modify; null when the row is null or has a null element (then use {@link #getObject}).
   */
  public float[] getFloats(int row) {
    throw wrongType("float list");
  }

  /**
   * The values of an integer, date or timestamp column as one primitive array (row {@code r} is
   * element {@code r}; a null row's element is meaningless), for loops over whole batches;
   * null for other columns. Callers must not modify the array.
   */
  public long[] longValues() {
    return null;
  }

  /** {@link #longValues()} of a REAL or DOUBLE column (REAL values widened); else null. */
  public double[] doubleValues() {
    return null;
  }

  /** Each row's null flag as one array when the vector keeps one; else null (use
   * {@link #isNull}). Callers must not modify the array. */
  public boolean[] nullFlags() {
    return null;
  }

  /** The rows' dictionary entries when they were dictionary-encoded in Parquet, else null. */
  public DictionaryEntries dictionaryEntries() {
    return null;
  }

  /** The whole column's bytes in one array when it is a string or binary column read from
   * Parquet buffers; null otherwise (use {@link #getBytes}). */
  public Bytes bytes() {
    return null;
  }

  /** About how many bytes of memory the vector's {@code rows} rows hold, for read-ahead limits. */
  public abstract long estimatedBytes(int rows);

  /** {@link #estimatedBytes} of a value held as an object. */
  public static long objectBytes(Object v) {
    if (v == null) {
      return 8;
    }
    if (v instanceof FloatArrayList f) {
      return 32 + 4L * f.size();
    }
    if (v instanceof String str) {
      return 48 + str.length();
    }
    if (v instanceof List<?> l) {
      return 32 + 24L * l.size();
    }
    if (v instanceof ByteString b) {
      return 40 + b.length();
    }
    return 24;
  }

  private UnsupportedOperationException wrongType(String type) {
    return new UnsupportedOperationException(getClass().getSimpleName() + " has no " + type
        + " values");
  }

  /** Column values held as Calcite objects: decimals, lists, and rows of the generic reader. */
  static final class Boxed extends ColumnVector {
    private final Object[] values;

    Boxed(Object[] values) {
      this.values = values;
    }

    @Override
    public long estimatedBytes(int rows) {
      long bytes = 0;
      for (int r = 0; r < rows; r++) {
        bytes += objectBytes(values[r]);
      }
      return bytes;
    }

    @Override
    public boolean isNull(int row) {
      return values[row] == null;
    }

    @Override
    public Object getObject(int row) {
      return values[row];
    }

    @Override
    public int getInt(int row) {
      return ((Number) values[row]).intValue();
    }

    @Override
    public long getLong(int row) {
      return ((Number) values[row]).longValue();
    }

    @Override
    public float getFloat(int row) {
      return ((Number) values[row]).floatValue();
    }

    @Override
    public double getDouble(int row) {
      return ((Number) values[row]).doubleValue();
    }

    @Override
    public boolean getBoolean(int row) {
      return (Boolean) values[row];
    }

    @Override
    public BigDecimal getDecimal(int row) {
      Object v = values[row];
      return v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
    }

    @Override
    public byte[] getBytes(int row) {
      Object v = values[row];
      return v instanceof ByteString b ? b.getBytes() : v instanceof byte[] b ? b.clone()
          : v.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public float[] getFloats(int row) {
      return values[row] instanceof FloatArrayList f ? f.toFloatArray() : null;
    }
  }

  /** INT32/INT64 columns; {@code ints}: INTEGER or DATE (else BIGINT or TIMESTAMP millis). */
  static final class Longs extends ColumnVector {
    private final long[] values;
    private final boolean[] nulls;
    private final boolean ints;

    Longs(long[] values, boolean[] nulls, boolean ints) {
      this.values = values;
      this.nulls = nulls;
      this.ints = ints;
    }

    @Override
    public long[] longValues() {
      return values;
    }

    @Override
    public long estimatedBytes(int rows) {
      return 9L * rows;
    }

    @Override
    public boolean[] nullFlags() {
      return nulls;
    }

    @Override
    public boolean isNull(int row) {
      return nulls[row];
    }

    @Override
    public Object getObject(int row) {
      return nulls[row] ? null : ints ? (Object) (int) values[row] : (Object) values[row];
    }

    @Override
    public int getInt(int row) {
      return (int) values[row];
    }

    @Override
    public long getLong(int row) {
      return values[row];
    }

    @Override
    public double getDouble(int row) {
      return values[row];
    }
  }

  /** FLOAT and DOUBLE columns; {@code floats}: the SQL type is REAL. */
  static final class Doubles extends ColumnVector {
    private final double[] values;
    private final boolean[] nulls;
    private final boolean floats;

    Doubles(double[] values, boolean[] nulls, boolean floats) {
      this.values = values;
      this.nulls = nulls;
      this.floats = floats;
    }

    @Override
    public double[] doubleValues() {
      return values;
    }

    @Override
    public long estimatedBytes(int rows) {
      return 9L * rows;
    }

    @Override
    public boolean[] nullFlags() {
      return nulls;
    }

    @Override
    public boolean isNull(int row) {
      return nulls[row];
    }

    @Override
    public Object getObject(int row) {
      return nulls[row] ? null : floats ? (Object) (float) values[row] : (Object) values[row];
    }

    @Override
    public float getFloat(int row) {
      return (float) values[row];
    }

    @Override
    public double getDouble(int row) {
      return values[row];
    }

    /** Truncated, as {@link Double#longValue()}. */
    @Override
    public long getLong(int row) {
      return (long) values[row];
    }
  }

  /** BOOLEAN columns. */
  static final class Booleans extends ColumnVector {
    private final boolean[] values;
    private final boolean[] nulls;

    Booleans(boolean[] values, boolean[] nulls) {
      this.values = values;
      this.nulls = nulls;
    }

    @Override
    public long estimatedBytes(int rows) {
      return 2L * rows;
    }

    @Override
    public boolean isNull(int row) {
      return nulls[row];
    }

    @Override
    public Object getObject(int row) {
      return nulls[row] ? null : (Object) values[row];
    }

    @Override
    public boolean getBoolean(int row) {
      return values[row];
    }
  }

  /**
   * String and binary columns: copied out of the Parquet pages into one array, or, for rows that
   * were all dictionary-encoded, each row's dictionary entry id and the entries' bytes (shared,
   * never copied per row; one array is built only when {@link #bytes()} is asked for).
   */
  static final class ByteRows extends ColumnVector {
    private Bytes bytes;
    private final byte[][] entryBytes;
    private final boolean[] nulls;
    private final boolean string;
    private final DictionaryEntries entries;

    ByteRows(Bytes bytes, boolean[] nulls, boolean string, DictionaryEntries entries) {
      this.bytes = bytes;
      this.entryBytes = null;
      this.nulls = nulls;
      this.string = string;
      this.entries = entries;
    }

    /** Rows whose values are {@code entryBytes[entries.ids()[row]]} (-1 for a null row). */
    ByteRows(byte[][] entryBytes, boolean[] nulls, boolean string, DictionaryEntries entries) {
      this.bytes = null;
      this.entryBytes = entryBytes;
      this.nulls = nulls;
      this.string = string;
      this.entries = entries;
    }

    @Override
    public boolean[] nullFlags() {
      return nulls;
    }

    @Override
    public DictionaryEntries dictionaryEntries() {
      return entries;
    }

    @Override
    public boolean isNull(int row) {
      return nulls[row];
    }

    @Override
    public Object getObject(int row) {
      if (nulls[row]) {
        return null;
      }
      if (bytes == null) {
        byte[] v = entryBytes[entries.ids()[row]];
        return string ? new String(v, StandardCharsets.UTF_8) : new ByteString(v);
      }
      int from = bytes.offsets()[row];
      int length = bytes.offsets()[row + 1] - from;
      return string ? new String(bytes.data(), from, length, StandardCharsets.UTF_8)
          : new ByteString(getBytes(row));
    }

    @Override
    public byte[] getBytes(int row) {
      if (bytes == null) {
        return nulls[row] ? new byte[0] : entryBytes[entries.ids()[row]].clone();
      }
      return Arrays.copyOfRange(bytes.data(), bytes.offsets()[row],
          bytes.offsets()[row + 1]);
    }

    /** Rows of dictionary entries count their ids; the entries are shared by the row group. */
    @Override
    public long estimatedBytes(int rows) {
      return bytes != null ? bytes.data().length + 5L * rows : 5L * rows;
    }

    @Override
    public Bytes bytes() {
      if (bytes == null) {
        int[] ids = entries.ids();
        int[] offsets = new int[nulls.length + 1];
        for (int r = 0; r < nulls.length; r++) {
          offsets[r + 1] = offsets[r] + (nulls[r] ? 0 : entryBytes[ids[r]].length);
        }
        byte[] data = new byte[offsets[nulls.length]];
        for (int r = 0; r < nulls.length; r++) {
          if (!nulls[r]) {
            System.arraycopy(entryBytes[ids[r]], 0, data, offsets[r], offsets[r + 1] - offsets[r]);
          }
        }
        bytes = new Bytes(data, offsets);
      }
      return bytes;
    }
  }
}
