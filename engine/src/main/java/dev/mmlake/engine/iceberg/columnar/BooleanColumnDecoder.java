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
  ColumnVector detach(int rows) {
    boolean[] taken = values;
    values = new boolean[0];
    return new ColumnVector.Booleans(taken, takeNulls());
  }

  @Override
  Object value(int row) {
    return nulls[row] ? null : (Object) values[row];
  }
}
