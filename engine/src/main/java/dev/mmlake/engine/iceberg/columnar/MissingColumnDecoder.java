package dev.mmlake.engine.iceberg.columnar;

import java.util.Arrays;
import org.apache.parquet.column.ColumnReader;

/** A column the data file does not have (added to the table after the file was written): null. */
final class MissingColumnDecoder extends ColumnDecoder {
  @Override
  void read(ColumnReader reader, int rows) {
    ensureNulls(rows);
    Arrays.fill(nulls, 0, rows, true);
  }

  @Override
  ColumnVector detach(int rows, int[] selected, int count) {
    return new ColumnVector.Boxed(new Object[count]);
  }

  @Override
  Object value(int row) {
    return null;
  }
}
