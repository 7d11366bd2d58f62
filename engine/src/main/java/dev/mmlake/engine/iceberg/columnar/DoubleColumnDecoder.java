package dev.mmlake.engine.iceberg.columnar;

import org.apache.parquet.column.ColumnReader;

/** FLOAT and DOUBLE columns; a float column promoted to double by schema evolution reads as double. */
final class DoubleColumnDecoder extends ColumnDecoder {
  private final boolean storedAsFloat;
  private final boolean asFloat;
  private final int maxDefinition;
  private double[] values = new double[0];

  DoubleColumnDecoder(boolean storedAsFloat, boolean asFloat, int maxDefinition) {
    this.storedAsFloat = storedAsFloat;
    this.asFloat = asFloat;
    this.maxDefinition = maxDefinition;
  }

  @Override
  void read(ColumnReader reader, int rows) {
    ensureNulls(rows);
    if (values.length < rows) {
      values = new double[Math.max(rows, values.length * 2)];
    }
    for (int i = 0; i < rows; i++) {
      if (reader.getCurrentDefinitionLevel() == maxDefinition) {
        values[i] = storedAsFloat ? reader.getFloat() : reader.getDouble();
        nulls[i] = false;
      } else {
        nulls[i] = true;
      }
      reader.consume();
    }
  }

  @Override
  boolean readsPages() {
    return true;
  }

  @Override
  void read(FlatColumnPages pages, int rows) {
    if (values.length < rows) {
      values = new double[Math.max(rows, values.length * 2)];
    }
    readRuns(pages, rows, (off, n, k) -> {
      pages.readDoubles(values, off, k);
      if (k < n) {
        FlatColumnPages.spread(values, nulls, off, n, k);
      }
    });
  }

  double raw(int row) {
    return values[row];
  }

  @Override
  ColumnVector detach(int rows, int[] selected, int count) {
    double[] taken;
    if (selected == null) {
      taken = values;
      values = new double[0];
    } else {
      taken = new double[count];
      for (int i = 0; i < count; i++) {
        taken[i] = values[selected[i]];
      }
    }
    return new ColumnVector.Doubles(taken, detachNulls(selected, count), asFloat);
  }

  @Override
  void fill(Object[][] rows, int column, int[] selected, int count) {
    for (int i = 0; i < count; i++) {
      int r = selected == null ? i : selected[i];
      rows[i][column] = nulls[r] ? null : asFloat ? (Object) (float) values[r] : (Object) values[r];
    }
  }

  @Override
  Object value(int row) {
    if (nulls[row]) {
      return null;
    }
    return asFloat ? (Object) (float) values[row] : (Object) values[row];
  }
}
