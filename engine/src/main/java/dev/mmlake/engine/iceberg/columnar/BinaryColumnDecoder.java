package dev.mmlake.engine.iceberg.columnar;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;

/**
 * BINARY columns: Iceberg string (to {@link String}) and binary (to {@link ByteString}). Values
 * stay {@link Binary} until a row is materialized; a dictionary-encoded page hands out one
 * {@link Binary} per dictionary entry, so each distinct string is decoded once per row group.
 */
final class BinaryColumnDecoder extends ColumnDecoder {
  private static final int CACHE_LIMIT = 4096;

  private final boolean string;
  private final int maxDefinition;
  private final Map<Binary, String> decoded = new IdentityHashMap<>();
  private Binary[] values = new Binary[0];

  BinaryColumnDecoder(boolean string, int maxDefinition) {
    this.string = string;
    this.maxDefinition = maxDefinition;
  }

  @Override
  void startRowGroup() {
    decoded.clear();
  }

  @Override
  void read(ColumnReader reader, int rows) {
    ensureNulls(rows);
    if (values.length < rows) {
      values = new Binary[Math.max(rows, values.length * 2)];
    }
    for (int i = 0; i < rows; i++) {
      if (reader.getCurrentDefinitionLevel() == maxDefinition) {
        values[i] = reader.getBinary();
        nulls[i] = false;
      } else {
        values[i] = null;
        nulls[i] = true;
      }
      reader.consume();
    }
  }

  Binary raw(int row) {
    return values[row];
  }

  /** Copies the values out of the Parquet pages (which the reader may reuse) into one array. */
  @Override
  ColumnVector detach(int rows, int[] selected, int count) {
    int[] offsets = new int[count + 1];
    int size = 0;
    for (int i = 0; i < count; i++) {
      Binary b = values[selected == null ? i : selected[i]];
      offsets[i] = size;
      size += b == null ? 0 : b.length();
    }
    offsets[count] = size;
    byte[] data = new byte[size];
    for (int i = 0; i < count; i++) {
      Binary b = values[selected == null ? i : selected[i]];
      if (b != null) {
        b.toByteBuffer().duplicate().get(data, offsets[i], b.length());
      }
    }
    return new ColumnVector.ByteRows(new ColumnVector.Bytes(data, offsets),
        detachNulls(selected, count), string);
  }

  @Override
  Object value(int row) {
    Binary b = values[row];
    if (b == null) {
      return null;
    }
    if (!string) {
      return new ByteString(b.getBytes());
    }
    String s = decoded.get(b);
    if (s == null) {
      s = b.toStringUsingUTF8();
      if (decoded.size() < CACHE_LIMIT) {
        decoded.put(b, s);
      }
    }
    return s;
  }
}
