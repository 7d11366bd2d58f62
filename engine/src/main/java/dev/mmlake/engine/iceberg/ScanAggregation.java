package dev.mmlake.engine.iceberg;

import dev.mmlake.engine.iceberg.ScanAggregate.Call;
import dev.mmlake.engine.iceberg.ScanAggregate.Kind;
import dev.mmlake.engine.iceberg.columnar.ColumnBatch;
import dev.mmlake.engine.iceberg.columnar.ColumnVector;
import dev.mmlake.engine.iceberg.columnar.ColumnarParquetReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Computes a {@link ScanAggregate} over the rows of a scan: a hash map from the GROUP BY values
 * to a group slot, whose primitive accumulators live in {@link GroupAccumulators}; one output
 * row per group. Column batches are aggregated a column at a time by {@link AggregateKernels}.
 *
 * <p>Results follow Calcite's own enumerable aggregation exactly: the result types are the
 * Aggregate's ({@code SUM} of INTEGER is an INTEGER that wraps like Java's {@code int}, {@code AVG}
 * of INTEGER divides the long sum and truncates, {@code REAL} sums accumulate in {@code float}); {@code COUNT(col)},
 * {@code SUM}, {@code MIN}, {@code MAX} and {@code AVG} skip NULLs; {@code SUM} and {@code AVG}
 * of no value are NULL, {@code $SUM0} is 0; NULL keys form one group; MIN/MAX of floating values
 * compare with {@code >}/{@code <} from the type's extreme value as Calcite's
 * {@code SqlFunctions.lesser/greater} do. Without GROUP BY there is always exactly one row.
 */
public final class ScanAggregation implements ScanRowSink {
  private final int[] groups;
  private final Call[] calls;
  private final GroupAccumulators acc;
  /** GROUP BY values to slot; a single key is the bare value, several a list. */
  private final Map<Object, Integer> byKey = new LinkedHashMap<>();
  /** Slots by dictionary entry of the single GROUP BY column (-1: not yet seen). */
  private int[] entrySlots = new int[16];
  private Object entryDictionary;
  private int[] rowSlots = new int[0];

  public ScanAggregation(ScanAggregate aggregate) {
    this.groups = aggregate.groups();
    this.calls = aggregate.calls().toArray(new Call[0]);
    this.acc = new GroupAccumulators(calls);
    if (groups.length == 0) {
      acc.add(); // the one group, slot 0
    }
    Arrays.fill(entrySlots, -1);
  }

  @Override
  public void accept(Object[] row) {
    int g = groups.length == 0 ? 0 : slot(row);
    for (int i = 0; i < calls.length; i++) {
      Call c = calls[i];
      if (c.kind() == Kind.COUNT_STAR) {
        acc.counts[i][g]++;
        continue;
      }
      Object v = row[c.arg()];
      if (v != null) {
        acc.counts[i][g]++;
        switch (c.kind()) {
          case SUM, SUM0, AVG -> add(g, i, c, (Number) v);
          case MIN, MAX -> extreme(g, i, c, v);
          default -> {
            // COUNT(col): the count above is all
          }
        }
      }
    }
  }

  /**
   * The selected rows of {@code batch}, in order, as {@link #accept(Object[])} would take them
   * one by one, but read from the vectors a column at a time without boxing: a single GROUP BY
   * column that was dictionary-encoded is looked up once per dictionary entry, counts, sums and
   * extremes of numeric columns run as {@link AggregateKernels} loops over primitive arrays.
   */
  public void accept(ColumnBatch batch) {
    int n = batch.selectedCount();
    int[] slots = slotsOf(batch, n);
    for (int i = 0; i < calls.length; i++) {
      if (!accumulateColumn(i, batch, slots, n)) {
        accumulateRows(i, batch, slots, n);
      }
    }
  }

  /** The group slot of each selected row of {@code batch}. */
  private int[] slotsOf(ColumnBatch batch, int n) {
    if (rowSlots.length < n) {
      rowSlots = new int[Math.max(n, ColumnarParquetReader.BATCH_ROWS)];
    }
    int[] out = rowSlots;
    if (groups.length == 0) {
      Arrays.fill(out, 0, n, 0);
      return out;
    }
    ColumnVector key = groups.length == 1 ? batch.column(groups[0]) : null;
    ColumnVector.DictionaryEntries entries = key == null ? null : key.dictionaryEntries();
    if (entries != null && entries.dictionary() != entryDictionary) {
      entryDictionary = entries.dictionary();
      Arrays.fill(entrySlots, -1);
    }
    int[] ids = entries == null ? null : entries.ids();
    int[] sel = batch.selection();
    Object[] row = null;
    for (int s = 0; s < n; s++) {
      int r = sel == null ? s : sel[s];
      int id = ids == null ? -1 : ids[r];
      int slot = id >= 0 && id < entrySlots.length ? entrySlots[id] : -1;
      if (slot < 0) {
        if (id >= 0) {
          slot = entrySlot(id, key.getObject(r));
        } else {
          if (row == null) {
            row = new Object[batch.columnCount()];
          }
          for (int k : groups) {
            row[k] = batch.column(k).getObject(r);
          }
          slot = slot(row);
        }
      }
      out[s] = slot;
    }
    return out;
  }

  private int entrySlot(int id, Object value) {
    if (id >= entrySlots.length) {
      int old = entrySlots.length;
      entrySlots = Arrays.copyOf(entrySlots, Math.max(id + 1, old * 2));
      Arrays.fill(entrySlots, old, entrySlots.length, -1);
    }
    int slot = keySlot(value);
    entrySlots[id] = slot;
    return slot;
  }

  /**
   * Call {@code i} over the selected rows by a primitive loop, when its column has primitive
   * arrays for it; false when it must go row by row.
   */
  private boolean accumulateColumn(int i, ColumnBatch batch, int[] slots, int n) {
    Call c = calls[i];
    long[] counts = acc.counts[i];
    if (c.kind() == Kind.COUNT_STAR) {
      AggregateKernels.countRows(slots, n, counts);
      return true;
    }
    ColumnVector v = batch.column(c.arg());
    boolean[] nulls = v.nullFlags();
    if (nulls == null) {
      return false;
    }
    int[] sel = batch.selection();
    boolean min = c.kind() == Kind.MIN;
    switch (c.kind()) {
      case COUNT -> AggregateKernels.countValues(nulls, sel, slots, n, counts);
      case SUM, SUM0, AVG -> {
        if (floating(c.resultType()) && v.doubleValues() != null) {
          AggregateKernels.sumDoubles(v.doubleValues(), nulls, sel, slots, n, acc.doubles[i],
              counts, c.resultType() == SqlTypeName.REAL);
        } else if (!floating(c.resultType()) && v.longValues() != null) {
          AggregateKernels.sumLongs(v.longValues(), nulls, sel, slots, n, acc.longs[i], counts);
        } else {
          return false;
        }
      }
      case MIN, MAX -> {
        if (floating(c.argType()) && v.doubleValues() != null) {
          AggregateKernels.extremeDoubles(v.doubleValues(), nulls, sel, slots, n, min,
              acc.doubles[i], counts);
        } else if (!floating(c.argType()) && c.argType() != SqlTypeName.VARCHAR
            && v.longValues() != null) {
          AggregateKernels.extremeLongs(v.longValues(), nulls, sel, slots, n, min, acc.longs[i],
              counts);
        } else {
          return false;
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Call {@code i} over the selected rows of {@code batch} one value at a time. */
  private void accumulateRows(int i, ColumnBatch batch, int[] slots, int n) {
    Call c = calls[i];
    ColumnVector v = batch.column(c.arg());
    for (int s = 0; s < n; s++) {
      Object value = v.getObject(batch.selectedRow(s));
      if (value == null) {
        continue;
      }
      int g = slots[s];
      acc.counts[i][g]++;
      switch (c.kind()) {
        case SUM, SUM0, AVG -> add(g, i, c, (Number) value);
        case MIN, MAX -> extreme(g, i, c, value);
        default -> {
          // COUNT(col): the count above is all
        }
      }
    }
  }

  /** The slot of the group of the GROUP BY values in {@code row}. */
  private int slot(Object[] row) {
    if (groups.length == 1) {
      return keySlot(row[groups[0]]);
    }
    Object[] values = new Object[groups.length];
    for (int k = 0; k < groups.length; k++) {
      values[k] = row[groups[k]];
    }
    return keySlot(Arrays.asList(values));
  }

  private int keySlot(Object key) {
    Integer slot = byKey.get(key);
    if (slot == null) {
      slot = acc.add();
      byKey.put(key, slot);
    }
    return slot;
  }

  private static boolean floating(SqlTypeName type) {
    return type == SqlTypeName.REAL || type == SqlTypeName.FLOAT || type == SqlTypeName.DOUBLE;
  }

  /** Adds to a sum; a REAL sum is rounded to float at every step, as Calcite's is. */
  private void add(int g, int i, Call c, Number n) {
    SqlTypeName type = c.resultType();
    if (type == SqlTypeName.REAL) {
      acc.doubles[i][g] = (float) acc.doubles[i][g] + n.floatValue();
    } else if (floating(type)) {
      acc.doubles[i][g] += n.doubleValue();
    } else {
      acc.longs[i][g] += n.longValue();
    }
  }

  private void extreme(int g, int i, Call c, Object v) {
    boolean min = c.kind() == Kind.MIN;
    switch (c.argType()) {
      case REAL, FLOAT, DOUBLE -> {
        double d = ((Number) v).doubleValue();
        double a = acc.doubles[i][g];
        acc.doubles[i][g] = min ? (a > d ? d : a) : (a < d ? d : a);
      }
      case VARCHAR -> {
        @SuppressWarnings("unchecked")
        Comparable<Object> a = (Comparable<Object>) acc.objects[i][g];
        if (a == null || (min ? a.compareTo(v) > 0 : a.compareTo(v) < 0)) {
          acc.objects[i][g] = v;
        }
      }
      default -> {
        long l = ((Number) v).longValue();
        acc.longs[i][g] = min ? Math.min(acc.longs[i][g], l) : Math.max(acc.longs[i][g], l);
      }
    }
  }

  /** One row per group (GROUP BY values, then the calls' results); one row without GROUP BY. */
  public List<Object[]> result() {
    List<Object[]> out = new ArrayList<>();
    if (groups.length == 0) {
      out.add(row(new Object[0], 0));
    } else {
      for (Map.Entry<Object, Integer> e : byKey.entrySet()) {
        Object[] keys = groups.length == 1 ? new Object[] {e.getKey()}
            : ((List<?>) e.getKey()).toArray();
        out.add(row(keys, e.getValue()));
      }
    }
    return out;
  }

  private Object[] row(Object[] keys, int slot) {
    Object[] r = new Object[groups.length + calls.length];
    System.arraycopy(keys, 0, r, 0, groups.length);
    for (int i = 0; i < calls.length; i++) {
      r[groups.length + i] = acc.value(slot, i);
    }
    return r;
  }
}
