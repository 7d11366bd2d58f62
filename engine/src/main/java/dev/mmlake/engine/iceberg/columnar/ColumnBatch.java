package dev.mmlake.engine.iceberg.columnar;

import java.util.Objects;

/**
 * Rows of a scan as columns: one {@link ColumnVector} per output column holding
 * {@link #rowCount()} rows, of which the selected ones (in order) are the batch's rows (a
 * condition or LIMIT narrows the selection without copying). A batch owns its buffers: it stays valid after the reader moved on and may be handed
 * to another thread, but nobody may modify it.
 */
public final class ColumnBatch {
  private final int rowCount;
  private final int[] selected;
  private final int selectedCount;
  private final ColumnVector[] columns;

  /**
   * @param selected rows that passed the filter, ascending ({@code selected[0..selectedCount)});
   *     null: all {@code rowCount} rows
   */
  public ColumnBatch(int rowCount, int[] selected, int selectedCount, ColumnVector[] columns) {
    if (selectedCount < 0 || selectedCount > rowCount
        || selected == null && selectedCount != rowCount) {
      throw new IllegalArgumentException("selected " + selectedCount + " of " + rowCount
          + " rows");
    }
    this.rowCount = rowCount;
    this.selected = selected;
    this.selectedCount = selectedCount;
    this.columns = Objects.requireNonNull(columns, "columns is null");
  }

  /** Rows in the vectors, selected or not. */
  public int rowCount() {
    return rowCount;
  }

  /** Rows that passed the filter. */
  public int selectedCount() {
    return selectedCount;
  }

  /** The row index of the {@code i}-th selected row. */
  public int selectedRow(int i) {
    return selected == null ? i : selected[i];
  }

  /** The selected rows' indexes ({@code [0..selectedCount())} hold them), or null when every
   * row is selected. Callers must not modify the array. */
  public int[] selection() {
    return selected;
  }

  /** True when every decoded row is selected, so row {@code i} is selected row {@code i}. */
  public boolean allSelected() {
    return selected == null;
  }

  /** About how many bytes of memory the batch's vectors hold. */
  public long estimatedBytes() {
    long bytes = 0;
    for (ColumnVector c : columns) {
      bytes += c.estimatedBytes(rowCount);
    }
    return bytes;
  }

  public int columnCount() {
    return columns.length;
  }

  public ColumnVector column(int c) {
    return columns[c];
  }

  /** The same columns with rows {@code rows[0..count)} selected (ascending row indices). */
  public ColumnBatch select(int[] rows, int count) {
    return new ColumnBatch(rowCount, rows, count, columns);
  }

  /** The selected rows {@code [from, to)} of this batch (selection indices), same buffers. */
  public ColumnBatch slice(int from, int to) {
    if (from < 0 || to > selectedCount || from > to) {
      throw new IndexOutOfBoundsException("rows " + from + ".." + to + " of " + selectedCount);
    }
    if (from == 0 && to == selectedCount) {
      return this;
    }
    int[] rows = new int[to - from];
    for (int i = from; i < to; i++) {
      rows[i - from] = selectedRow(i);
    }
    return select(rows, rows.length);
  }

  /** This batch with column {@code c} of the result taken from column {@code columns[c]}. */
  public ColumnBatch project(int[] columnsOut) {
    ColumnVector[] out = new ColumnVector[columnsOut.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = columns[columnsOut[c]];
    }
    return new ColumnBatch(rowCount, selected, selectedCount, out);
  }

  /** A batch over rows of Calcite values, e.g. from Iceberg's generic reader. */
  public static ColumnBatch ofRows(Object[][] rows, int count, int width) {
    ColumnVector[] columns = new ColumnVector[width];
    for (int c = 0; c < width; c++) {
      Object[] values = new Object[count];
      for (int r = 0; r < count; r++) {
        values[r] = rows[r][c];
      }
      columns[c] = new ColumnVector.Boxed(values);
    }
    return new ColumnBatch(count, null, count, columns);
  }
}
