package dev.mmlake.engine.iceberg.columnar;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/** DECIMAL columns, stored as INT32, INT64 or big-endian two's-complement bytes. */
final class DecimalColumnDecoder extends ColumnDecoder {
  private final PrimitiveTypeName physical;
  private final int scale;
  private final int maxDefinition;
  private BigDecimal[] values = new BigDecimal[0];

  DecimalColumnDecoder(PrimitiveTypeName physical, int scale, int maxDefinition) {
    this.physical = physical;
    this.scale = scale;
    this.maxDefinition = maxDefinition;
  }

  @Override
  void read(ColumnReader reader, int rows) {
    ensureNulls(rows);
    if (values.length < rows) {
      values = new BigDecimal[Math.max(rows, values.length * 2)];
    }
    for (int i = 0; i < rows; i++) {
      if (reader.getCurrentDefinitionLevel() == maxDefinition) {
        values[i] = switch (physical) {
          case INT32 -> BigDecimal.valueOf(reader.getInteger(), scale);
          case INT64 -> BigDecimal.valueOf(reader.getLong(), scale);
          default -> new BigDecimal(new BigInteger(reader.getBinary().getBytes()), scale);
        };
        nulls[i] = false;
      } else {
        values[i] = null;
        nulls[i] = true;
      }
      reader.consume();
    }
  }

  @Override
  ColumnVector detach(int rows, int[] selected, int count) {
    Object[] taken = gather(values, selected, count);
    if (selected == null) {
      values = new BigDecimal[0];
    }
    return new ColumnVector.Boxed(taken);
  }

  @Override
  Object value(int row) {
    return values[row];
  }
}
