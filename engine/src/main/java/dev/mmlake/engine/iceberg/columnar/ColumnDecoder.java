package dev.mmlake.engine.iceberg.columnar;

import org.apache.parquet.column.ColumnReader;

/**
 * Decodes one top-level column of a Parquet row group into primitive buffers, a batch of rows at
 * a time, and hands out each row's value in Calcite's representation. Values stay unboxed until a
 * row that passed the batch filter is materialized.
 */
abstract class ColumnDecoder {
  /** Null flags of the current batch. */
  protected boolean[] nulls = new boolean[0];

  /** Reads the next {@code rows} rows from {@code reader} (null: a column missing in the file). */
  abstract void read(ColumnReader reader, int rows);

  /** The value of {@code row} of the current batch as Calcite represents it, or null. */
  abstract Object value(int row);

  /**
   * The current batch's first {@code rows} values as a vector that owns its buffers: the decoder
   * stops using them, so the vector stays valid while later batches are read.
   */
  abstract ColumnVector detach(int rows);

  /** Hands the null flags over to a detached vector. */
  protected final boolean[] takeNulls() {
    boolean[] taken = nulls;
    nulls = new boolean[0];
    return taken;
  }

  final boolean isNull(int row) {
    return nulls[row];
  }

  /** Forgets per-row-group state (caches tied to the row group's pages). */
  void startRowGroup() {
  }

  protected final void ensureNulls(int rows) {
    if (nulls.length < rows) {
      nulls = new boolean[Math.max(rows, nulls.length * 2)];
    }
  }
}
