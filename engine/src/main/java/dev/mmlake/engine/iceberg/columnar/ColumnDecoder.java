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

  /**
   * True when this decoder can read a flat column's pages directly ({@link #read(FlatColumnPages,
   * int)}) instead of through Parquet's column reader.
   */
  boolean readsPages() {
    return false;
  }

  /** Reads the next {@code rows} rows from {@code pages}; only when {@link #readsPages()}. */
  void read(FlatColumnPages pages, int rows) {
    throw new IllegalStateException(getClass().getSimpleName() + " reads no pages");
  }

  /** Decodes one run of rows within a page: see {@link #readRuns}. */
  @FunctionalInterface
  interface ValueRun {
    /** Reads the run's {@code k} values into {@code [off..off+k)} and spreads them over its
     * {@code n} rows, whose null flags are set. */
    void read(int off, int n, int k);
  }

  /**
   * Reads the next {@code rows} rows of a flat column from {@code pages} a run at a time (the rows
   * left in the current page at most): the null flags here, the values by {@code run}.
   */
  protected final void readRuns(FlatColumnPages pages, int rows, ValueRun run) {
    ensureNulls(rows);
    for (int done = 0; done < rows; ) {
      int n = pages.nextRows(nulls, done, rows - done);
      run.read(done, n, pages.valuesInRows());
      done += n;
    }
  }

  /** The value of {@code row} of the current batch as Calcite represents it, or null. */
  abstract Object value(int row);

  /**
   * Sets {@code rows[i][column]} to the value of row {@code selected[i]} (null: row {@code i}) of
   * the current batch, for {@code i < count}.
   */
  void fill(Object[][] rows, int column, int[] selected, int count) {
    for (int i = 0; i < count; i++) {
      rows[i][column] = value(selected == null ? i : selected[i]);
    }
  }

  /**
   * The current batch's values as a vector that owns its buffers, so that it stays valid while
   * later batches are read: all {@code rows} rows when {@code selected} is null (the decoder hands
   * its buffers over and starts new ones), else only rows {@code selected[0..count)}, copied in
   * that order (row {@code i} of the vector is row {@code selected[i]} of the batch).
   */
  abstract ColumnVector detach(int rows, int[] selected, int count);

  /** The null flags for {@link #detach}: handed over, or the selected rows' copied. */
  protected final boolean[] detachNulls(int[] selected, int count) {
    if (selected == null) {
      boolean[] taken = nulls;
      nulls = new boolean[0];
      return taken;
    }
    boolean[] out = new boolean[count];
    for (int i = 0; i < count; i++) {
      out[i] = nulls[selected[i]];
    }
    return out;
  }

  /** {@code values} handed over (selected null) or the selected rows of it copied. */
  protected static Object[] gather(Object[] values, int[] selected, int count) {
    if (selected == null) {
      return values;
    }
    Object[] out = new Object[count];
    for (int i = 0; i < count; i++) {
      out[i] = values[selected[i]];
    }
    return out;
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
