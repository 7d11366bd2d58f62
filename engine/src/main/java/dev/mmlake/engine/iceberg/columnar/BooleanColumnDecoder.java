package dev.mmlake.engine.iceberg.columnar;

import org.apache.parquet.column.ColumnReader;

/** BOOLEAN columns. */
final class BooleanColumnDecoder extends ColumnDecoder {
  private final int maxDefinition;
  private boolean[] values = new boolean[0];

  BooleanColumnDecoder(int maxDefinition) {
    this.maxDefinition = maxDefinition;
  }

  @Override
  void read(ColumnReader reader, int rows) {
    ensureNulls(rows);
    if (values.length < rows) {
      values = new boolean[Math.max(rows, values.length * 2)];
    }
    for (int i = 0; i < rows; i++) {
      if (reader.getCurrentDefinitionLevel() == maxDefinition) {
        values[i] = reader.getBoolean();
        nulls[i] = false;
      } else {
        nulls[i] = true;
      }
      reader.consume();
    }
  }

  boolean raw(int row) {
    return values[row];
  }

  @Override
  ColumnVector detach(int rows, int[] selected, int count) {
    boolean[] taken;
    if (selected == null) {
      taken = values;
      values = new boolean[0];
    } else {
      taken = new boolean[count];
      for (int i = 0; i < count; i++) {
        taken[i] = values[selected[i]];
      }
    }
    return new ColumnVector.Booleans(taken, detachNulls(selected, count));
  }

  @Override
  Object value(int row) {
    return nulls[row] ? null : (Object) values[row];
  }
}
