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
 * to primitive accumulators (long counts, long or double sums), one output row per group.
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
  private final Map<Object, Group> byKey = new LinkedHashMap<>();
  private final Group single;
  /** Groups by dictionary entry of the single GROUP BY column, for {@link #entryDictionary}. */
  private Group[] byEntry = new Group[16];
  private Object entryDictionary;
  private Group[] rowGroups = new Group[0];

  public ScanAggregation(ScanAggregate aggregate) {
    this.groups = aggregate.groups();
    this.calls = aggregate.calls().toArray(new Call[0]);
    this.single = groups.length == 0 ? new Group(new Object[0]) : null;
  }

  /** Accumulators of one group; slot i belongs to call i. */
  private final class Group {
    final Object[] keys;
    final long[] counts = new long[calls.length];
    final long[] longs = new long[calls.length];
    final double[] doubles = new double[calls.length];
    final Object[] objects = new Object[calls.length];

    Group(Object[] keys) {
      this.keys = keys;
      for (int i = 0; i < calls.length; i++) {
        Call c = calls[i];
        boolean min = c.kind() == Kind.MIN;
        if (c.kind() == Kind.MIN || c.kind() == Kind.MAX) {
          switch (c.argType()) {
            case REAL -> doubles[i] = min ? Float.MAX_VALUE : -Float.MAX_VALUE;
            case FLOAT, DOUBLE -> doubles[i] = min ? Double.MAX_VALUE : -Double.MAX_VALUE;
            default -> longs[i] = min ? Long.MAX_VALUE : Long.MIN_VALUE;
          }
        }
      }
    }
  }

  @Override
  public void accept(Object[] row) {
    Group g = single != null ? single : group(row);
    for (int i = 0; i < calls.length; i++) {
      Call c = calls[i];
      if (c.kind() == Kind.COUNT_STAR) {
        g.counts[i]++;
        continue;
      }
      Object v = row[c.arg()];
      if (v == null) {
        continue;
      }
      g.counts[i]++;
      switch (c.kind()) {
        case SUM, SUM0, AVG -> add(g, i, c, (Number) v);
        case MIN, MAX -> extreme(g, i, c, v);
        default -> {
          // COUNT(col): the count above is all
        }
      }
    }
  }

  /**
   * The selected rows of {@code batch}, in order, as {@link #accept(Object[])} would take them
   * one by one, but read from the vectors without boxing: a single GROUP BY column that was
   * dictionary-encoded is looked up once per dictionary entry, sums and extremes of numeric
   * columns read primitives.
   */
  public void accept(ColumnBatch batch) {
    int n = batch.selectedCount();
    Group[] of = groupsOf(batch, n);
    for (int i = 0; i < calls.length; i++) {
      accumulate(i, batch, of, n);
    }
  }

  /** The group of each selected row of {@code batch}. */
  private Group[] groupsOf(ColumnBatch batch, int n) {
    if (rowGroups.length < n) {
      rowGroups = new Group[Math.max(n, ColumnarParquetReader.BATCH_ROWS)];
    }
    Group[] of = rowGroups;
    if (single != null) {
      Arrays.fill(of, 0, n, single);
      return of;
    }
    ColumnVector key = groups.length == 1 ? batch.column(groups[0]) : null;
    ColumnVector.DictionaryEntries entries = key == null ? null : key.dictionaryEntries();
    if (entries != null && entries.dictionary() != entryDictionary) {
      entryDictionary = entries.dictionary();
      Arrays.fill(byEntry, null);
    }
    Object[] row = new Object[batch.columnCount()];
    for (int s = 0; s < n; s++) {
      int r = batch.selectedRow(s);
      if (entries != null && entries.ids()[r] >= 0) {
        of[s] = entryGroup(entries.ids()[r], key, r);
      } else {
        for (int k : groups) {
          row[k] = batch.column(k).getObject(r);
        }
        of[s] = group(row);
      }
    }
    return of;
  }

  private Group entryGroup(int id, ColumnVector key, int row) {
    if (id >= byEntry.length) {
      byEntry = Arrays.copyOf(byEntry, Math.max(id + 1, byEntry.length * 2));
    }
    Group g = byEntry[id];
    if (g == null) {
      g = singleKeyGroup(key.getObject(row));
      byEntry[id] = g;
    }
    return g;
  }

  /** Call {@code i} over the selected rows of {@code batch}, one tight loop per kind. */
  private void accumulate(int i, ColumnBatch batch, Group[] of, int n) {
    Call c = calls[i];
    if (c.kind() == Kind.COUNT_STAR) {
      for (int s = 0; s < n; s++) {
        of[s].counts[i]++;
      }
      return;
    }
    ColumnVector v = batch.column(c.arg());
    boolean sum = c.kind() == Kind.SUM || c.kind() == Kind.SUM0 || c.kind() == Kind.AVG;
    boolean extreme = c.kind() == Kind.MIN || c.kind() == Kind.MAX;
    SqlTypeName type = sum ? c.resultType() : c.argType();
    boolean floating = floating(type);
    for (int s = 0; s < n; s++) {
      int r = batch.selectedRow(s);
      if (v.isNull(r)) {
        continue;
      }
      Group g = of[s];
      g.counts[i]++;
      if (sum && floating) {
        addFloating(g, i, type, v.getDouble(r));
      } else if (sum) {
        g.longs[i] += v.getLong(r);
      } else if (extreme && floating) {
        extremeFloating(g, i, c.kind() == Kind.MIN, v.getDouble(r));
      } else if (extreme) {
        extreme(g, i, c, v.getObject(r));
      }
    }
  }

  /** The group of the GROUP BY values in {@code row}. */
  private Group group(Object[] row) {
    if (groups.length == 1) {
      return singleKeyGroup(row[groups[0]]);
    }
    Object[] values = new Object[groups.length];
    for (int k = 0; k < groups.length; k++) {
      values[k] = row[groups[k]];
    }
    List<Object> key = Arrays.asList(values);
    Group g = byKey.get(key);
    if (g == null) {
      g = new Group(values);
      byKey.put(key, g);
    }
    return g;
  }

  private Group singleKeyGroup(Object value) {
    Group g = byKey.get(value);
    if (g == null) {
      g = new Group(new Object[] {value});
      byKey.put(value, g);
    }
    return g;
  }

  private static boolean floating(SqlTypeName type) {
    return type == SqlTypeName.REAL || type == SqlTypeName.FLOAT || type == SqlTypeName.DOUBLE;
  }

  /** Adds to a floating sum; a REAL sum is rounded to float at every step, as Calcite's is. */
  private static void addFloating(Group g, int i, SqlTypeName type, double v) {
    g.doubles[i] = type == SqlTypeName.REAL ? (float) g.doubles[i] + (float) v : g.doubles[i] + v;
  }

  private static void extremeFloating(Group g, int i, boolean min, double d) {
    double acc = g.doubles[i];
    g.doubles[i] = min ? (acc > d ? d : acc) : (acc < d ? d : acc);
  }

  private static void add(Group g, int i, Call c, Number n) {
    if (floating(c.resultType())) {
      addFloating(g, i, c.resultType(), n.doubleValue());
    } else {
      g.longs[i] += n.longValue();
    }
  }

  private static void extreme(Group g, int i, Call c, Object v) {
    boolean min = c.kind() == Kind.MIN;
    switch (c.argType()) {
      case REAL, FLOAT, DOUBLE -> extremeFloating(g, i, min, ((Number) v).doubleValue());
      case VARCHAR -> {
        @SuppressWarnings("unchecked")
        Comparable<Object> acc = (Comparable<Object>) g.objects[i];
        if (acc == null || (min ? acc.compareTo(v) > 0 : acc.compareTo(v) < 0)) {
          g.objects[i] = v;
        }
      }
      default -> {
        long l = ((Number) v).longValue();
        g.longs[i] = min ? Math.min(g.longs[i], l) : Math.max(g.longs[i], l);
      }
    }
  }

  /** One row per group (GROUP BY values, then the calls' results); one row without GROUP BY. */
  public List<Object[]> result() {
    List<Object[]> out = new ArrayList<>();
    if (single != null) {
      out.add(row(single));
    } else {
      for (Group g : byKey.values()) {
        out.add(row(g));
      }
    }
    return out;
  }

  private Object[] row(Group g) {
    Object[] r = new Object[groups.length + calls.length];
    System.arraycopy(g.keys, 0, r, 0, groups.length);
    for (int i = 0; i < calls.length; i++) {
      r[groups.length + i] = value(g, i, calls[i]);
    }
    return r;
  }

  private static Object value(Group g, int i, Call c) {
    long n = g.counts[i];
    return switch (c.kind()) {
      case COUNT_STAR, COUNT -> n;
      case SUM -> n == 0 ? null : sum(g, i, c.resultType());
      case SUM0 -> sum(g, i, c.resultType());
      case AVG -> n == 0 ? null : average(g, i, c.resultType(), n);
      case MIN, MAX -> n == 0 ? null : extremeValue(g, i, c.argType());
    };
  }

  private static Object sum(Group g, int i, SqlTypeName type) {
    return switch (type) {
      case REAL -> (float) g.doubles[i];
      case FLOAT, DOUBLE -> g.doubles[i];
      default -> narrow(g.longs[i], type);
    };
  }

  private static Object average(Group g, int i, SqlTypeName type, long n) {
    return switch (type) {
      case REAL -> (float) g.doubles[i] / n;
      case FLOAT, DOUBLE -> g.doubles[i] / n;
      // a long sum (Calcite's AVG of INTEGER does not wrap at int), truncating division
      default -> narrow(g.longs[i] / n, type);
    };
  }

  private static Object extremeValue(Group g, int i, SqlTypeName type) {
    return switch (type) {
      case REAL -> (float) g.doubles[i];
      case FLOAT, DOUBLE -> g.doubles[i];
      case VARCHAR -> g.objects[i];
      case DATE -> (int) g.longs[i];
      case TIMESTAMP -> g.longs[i];
      default -> narrow(g.longs[i], type);
    };
  }

  private static Object narrow(long v, SqlTypeName type) {
    return switch (type) {
      case TINYINT -> (byte) v;
      case SMALLINT -> (short) v;
      case INTEGER -> (int) v;
      default -> v;
    };
  }
}
