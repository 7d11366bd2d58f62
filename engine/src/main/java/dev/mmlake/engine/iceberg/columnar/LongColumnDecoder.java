package dev.mmlake.engine.iceberg.columnar;

import org.apache.parquet.column.ColumnReader;

/**
 * INT32 and INT64 columns: Iceberg int, long, date and timestamp. Values are kept as stored
 * (days, microseconds) so filters compare them with Iceberg's literals; they become Calcite's
 * representation (Integer, Long, epoch days, epoch milliseconds) only when a row is materialized.
 */
final class LongColumnDecoder extends ColumnDecoder {
  /** What a stored value means, and so how Calcite sees it. */
  enum Kind { INT, LONG, DATE, TIMESTAMP_MICROS, TIMESTAMP_MILLIS }

  private final boolean int32;
  private final Kind kind;
  private final int maxDefinition;
  private long[] values = new long[0];

  LongColumnDecoder(boolean int32, Kind kind, int maxDefinition) {
    this.int32 = int32;
    this.kind = kind;
    this.maxDefinition = maxDefinition;
  }

  @Override
  void read(ColumnReader reader, int rows) {
    ensureNulls(rows);
    if (values.length < rows) {
      values = new long[Math.max(rows, values.length * 2)];
    }
    for (int i = 0; i < rows; i++) {
      if (reader.getCurrentDefinitionLevel() == maxDefinition) {
        values[i] = int32 ? reader.getInteger() : reader.getLong();
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
      values = new long[Math.max(rows, values.length * 2)];
    }
    readRuns(pages, rows, (off, n, k) -> {
      pages.readLongs(values, off, k);
      if (k < n) {
        FlatColumnPages.spread(values, nulls, off, n, k);
      }
    });
  }

  /** The value of {@code row} in Iceberg's unit (microseconds for timestamps), for filters. */
  long comparable(int row) {
    return kind == Kind.TIMESTAMP_MILLIS ? values[row] * 1000L : values[row];
  }

  @Override
  ColumnVector detach(int rows, int[] selected, int count) {
    long[] taken;
    if (selected == null) {
      taken = values;
      values = new long[0];
    } else {
      taken = new long[count];
      for (int i = 0; i < count; i++) {
        taken[i] = values[selected[i]];
      }
    }
    if (kind == Kind.TIMESTAMP_MICROS) {
      for (int i = 0; i < count; i++) {
        taken[i] = Math.floorDiv(taken[i], 1000L);
      }
    }
    return new ColumnVector.Longs(taken, detachNulls(selected, count),
        kind == Kind.INT || kind == Kind.DATE);
  }

  @Override
  void fill(Object[][] rows, int column, int[] selected, int count) {
    for (int i = 0; i < count; i++) {
      int r = selected == null ? i : selected[i];
      rows[i][column] = nulls[r] ? null : kind == Kind.LONG ? (Object) values[r] : value(r);
    }
  }

  @Override
  Object value(int row) {
    if (nulls[row]) {
      return null;
    }
    long v = values[row];
    return switch (kind) {
      case INT, DATE -> (int) v;
      case LONG, TIMESTAMP_MILLIS -> v;
      case TIMESTAMP_MICROS -> Math.floorDiv(v, 1000L);
    };
  }
}
