package dev.mmlake.engine.iceberg;

import dev.mmlake.engine.iceberg.ScanAggregate.Call;
import dev.mmlake.engine.iceberg.ScanAggregate.Kind;
import java.util.Arrays;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The accumulators of every group of a {@link ScanAggregation}, one flat array per call and kind
 * indexed by the group's slot (0, 1, 2, ... in order of first appearance), so that a batch loop
 * updates primitives without touching a per-group object: {@code counts} (values seen),
 * {@code longs} (integer sums and extremes), {@code doubles} (floating sums and extremes) and
 * {@code objects} (string extremes).
 */
final class GroupAccumulators {
  private final Call[] calls;
  final long[][] counts;
  final long[][] longs;
  final double[][] doubles;
  final Object[][] objects;
  private int slots;
  private int capacity = 16;

  GroupAccumulators(Call[] calls) {
    this.calls = calls;
    int initial = capacity;
    counts = new long[calls.length][initial];
    longs = new long[calls.length][initial];
    doubles = new double[calls.length][initial];
    objects = new Object[calls.length][initial];
    for (int i = 0; i < calls.length; i++) {
      initialize(i, 0, initial);
    }
  }

  /** Slots in use. */
  int size() {
    return slots;
  }

  /** A new group's slot, its accumulators at their starting values. */
  int add() {
    int slot = slots++;
    if (slot == capacity) {
      int grown = capacity * 2;
      capacity = grown;
      for (int i = 0; i < calls.length; i++) {
        counts[i] = Arrays.copyOf(counts[i], grown);
        longs[i] = Arrays.copyOf(longs[i], grown);
        doubles[i] = Arrays.copyOf(doubles[i], grown);
        objects[i] = Arrays.copyOf(objects[i], grown);
        initialize(i, slot, grown);
      }
    }
    return slot;
  }

  /** MIN and MAX start from the type's extreme value, as Calcite's accumulators do. */
  private void initialize(int i, int from, int to) {
    Call c = calls[i];
    if (c.kind() != Kind.MIN && c.kind() != Kind.MAX) {
      return;
    }
    boolean min = c.kind() == Kind.MIN;
    switch (c.argType()) {
      case REAL -> Arrays.fill(doubles[i], from, to, min ? Float.MAX_VALUE : -Float.MAX_VALUE);
      case FLOAT, DOUBLE -> Arrays.fill(doubles[i], from, to,
          min ? Double.MAX_VALUE : -Double.MAX_VALUE);
      default -> Arrays.fill(longs[i], from, to, min ? Long.MAX_VALUE : Long.MIN_VALUE);
    }
  }

  /** Call {@code i}'s result for the group in {@code slot}, typed as Calcite's. */
  Object value(int slot, int i) {
    Call c = calls[i];
    long n = counts[i][slot];
    return switch (c.kind()) {
      case COUNT_STAR, COUNT -> n;
      case SUM -> n == 0 ? null : sum(slot, i, c.resultType());
      case SUM0 -> sum(slot, i, c.resultType());
      case AVG -> n == 0 ? null : average(slot, i, c.resultType(), n);
      case MIN, MAX -> n == 0 ? null : extremeValue(slot, i, c.argType());
    };
  }

  private Object sum(int slot, int i, SqlTypeName type) {
    return switch (type) {
      case REAL -> (float) doubles[i][slot];
      case FLOAT, DOUBLE -> doubles[i][slot];
      default -> narrow(longs[i][slot], type);
    };
  }

  private Object average(int slot, int i, SqlTypeName type, long n) {
    return switch (type) {
      case REAL -> (float) doubles[i][slot] / n;
      case FLOAT, DOUBLE -> doubles[i][slot] / n;
      // a long sum (Calcite's AVG of INTEGER does not wrap at int), truncating division
      default -> narrow(longs[i][slot] / n, type);
    };
  }

  private Object extremeValue(int slot, int i, SqlTypeName type) {
    return switch (type) {
      case REAL -> (float) doubles[i][slot];
      case FLOAT, DOUBLE -> doubles[i][slot];
      case VARCHAR -> objects[i][slot];
      case DATE -> (int) longs[i][slot];
      case TIMESTAMP -> longs[i][slot];
      default -> narrow(longs[i][slot], type);
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
