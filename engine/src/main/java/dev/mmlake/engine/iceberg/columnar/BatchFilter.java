package dev.mmlake.engine.iceberg.columnar;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.expressions.And;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.BoundReference;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Or;
import org.apache.parquet.io.api.Binary;

/**
 * The part of a scan's Iceberg filter that can be checked on decoded column buffers, before any
 * row object exists. It may keep rows the filter rejects (the SQL plan checks every row again)
 * but never drops a row the filter accepts: a null or NaN value passes every comparison, and a
 * predicate it cannot evaluate passes every row.
 */
final class BatchFilter {
  /** A test of one row of the current batch. */
  @FunctionalInterface
  interface RowTest {
    boolean test(int row);

    /** The rows of {@code 0..n)} that pass, ascending, into {@code out}; how many. */
    default int select(int n, int[] out) {
      int kept = 0;
      for (int r = 0; r < n; r++) {
        if (test(r)) {
          out[kept++] = r;
        }
      }
      return kept;
    }
  }

  /** Both tests: rows {@code first} passes, then those of them {@code second} passes. */
  private static RowTest both(RowTest first, RowTest second) {
    return new RowTest() {
      @Override
      public boolean test(int row) {
        return first.test(row) && second.test(row);
      }

      @Override
      public int select(int n, int[] out) {
        int k = first.select(n, out);
        int kept = 0;
        for (int i = 0; i < k; i++) {
          if (second.test(out[i])) {
            out[kept++] = out[i];
          }
        }
        return kept;
      }
    };
  }

  private BatchFilter() {
  }

  /**
   * The test for a bound, NOT-free filter over the decoders by field id; null when no part of it
   * can be checked on buffers.
   */
  static RowTest compile(Expression bound, Map<Integer, ColumnDecoder> byFieldId) {
    if (bound instanceof And and) {
      RowTest l = compile(and.left(), byFieldId);
      RowTest r = compile(and.right(), byFieldId);
      return l == null ? r : r == null ? l : both(l, r);
    }
    if (bound instanceof Or or) {
      RowTest l = compile(or.left(), byFieldId);
      RowTest r = compile(or.right(), byFieldId);
      return l == null || r == null ? null : row -> l.test(row) || r.test(row);
    }
    if (bound instanceof BoundPredicate<?> p && p.term() instanceof BoundReference<?> ref) {
      ColumnDecoder d = byFieldId.get(ref.fieldId());
      return d == null ? null : predicate(p, d);
    }
    return null;
  }

  private static RowTest predicate(BoundPredicate<?> p, ColumnDecoder d) {
    switch (p.op()) {
      case IS_NULL:
        return d::isNull;
      case NOT_NULL:
        return row -> !d.isNull(row);
      default:
        break;
    }
    if (p.isLiteralPredicate()) {
      Object lit = p.asLiteralPredicate().literal().value();
      if (d instanceof LongColumnDecoder l && lit instanceof Number n) {
        return longTest(p, l, n.longValue());
      }
      if (d instanceof DoubleColumnDecoder f && lit instanceof Number n) {
        return doubleTest(p, f, n.doubleValue());
      }
      if (d instanceof BinaryColumnDecoder b) {
        return binaryTest(p, b, binary(lit));
      }
      if (d instanceof BooleanColumnDecoder b && lit instanceof Boolean v) {
        return switch (p.op()) {
          case EQ -> row -> b.isNull(row) || b.raw(row) == v;
          case NOT_EQ -> row -> b.isNull(row) || b.raw(row) != v;
          default -> null;
        };
      }
      return null;
    }
    if (p.isSetPredicate() && (p.op() == Expression.Operation.IN
        || p.op() == Expression.Operation.NOT_IN)) {
      boolean in = p.op() == Expression.Operation.IN;
      Set<?> literals = p.asSetPredicate().literalSet();
      if (d instanceof LongColumnDecoder l && allNumbers(literals)) {
        Set<Long> set = new HashSet<>();
        literals.forEach(v -> set.add(((Number) v).longValue()));
        return row -> l.isNull(row) || set.contains(l.comparable(row)) == in;
      }
      if (d instanceof BinaryColumnDecoder b) {
        Set<Binary> set = new HashSet<>();
        for (Object v : literals) {
          Binary bin = binary(v);
          if (bin == null) {
            return null;
          }
          set.add(bin);
        }
        return b.test(v -> set.contains(v) == in);
      }
    }
    return null;
  }

  private static boolean allNumbers(Set<?> values) {
    return values.stream().allMatch(v -> v instanceof Number && !(v instanceof Float)
        && !(v instanceof Double) && !(v instanceof BigDecimal));
  }

  private static RowTest longTest(BoundPredicate<?> p, LongColumnDecoder d, long lit) {
    return switch (p.op()) {
      case LT -> row -> d.isNull(row) || d.comparable(row) < lit;
      case LT_EQ -> row -> d.isNull(row) || d.comparable(row) <= lit;
      case GT -> row -> d.isNull(row) || d.comparable(row) > lit;
      case GT_EQ -> row -> d.isNull(row) || d.comparable(row) >= lit;
      case EQ -> row -> d.isNull(row) || d.comparable(row) == lit;
      case NOT_EQ -> row -> d.isNull(row) || d.comparable(row) != lit;
      default -> null;
    };
  }

  private static RowTest doubleTest(BoundPredicate<?> p, DoubleColumnDecoder d, double lit) {
    if (Double.isNaN(lit)) {
      return null;
    }
    return switch (p.op()) {
      case LT -> row -> keep(d, row) || d.raw(row) < lit;
      case LT_EQ -> row -> keep(d, row) || d.raw(row) <= lit;
      case GT -> row -> keep(d, row) || d.raw(row) > lit;
      case GT_EQ -> row -> keep(d, row) || d.raw(row) >= lit;
      case EQ -> row -> keep(d, row) || d.raw(row) == lit;
      case NOT_EQ -> row -> keep(d, row) || d.raw(row) != lit;
      default -> null;
    };
  }

  private static boolean keep(DoubleColumnDecoder d, int row) {
    return d.isNull(row) || Double.isNaN(d.raw(row));
  }

  private static RowTest binaryTest(BoundPredicate<?> p, BinaryColumnDecoder d, Binary lit) {
    if (lit == null) {
      return null;
    }
    return switch (p.op()) {
      case EQ -> d.test(v -> v.equals(lit));
      case NOT_EQ -> d.test(v -> !v.equals(lit));
      case STARTS_WITH -> d.test(v -> startsWith(v, lit));
      case NOT_STARTS_WITH -> d.test(v -> !startsWith(v, lit));
      default -> null;
    };
  }

  private static boolean startsWith(Binary value, Binary prefix) {
    int n = prefix.length();
    if (value.length() < n) {
      return false;
    }
    ByteBuffer v = value.toByteBuffer();
    ByteBuffer pre = prefix.toByteBuffer();
    for (int i = 0; i < n; i++) {
      if (v.get(v.position() + i) != pre.get(pre.position() + i)) {
        return false;
      }
    }
    return true;
  }

  private static Binary binary(Object literal) {
    if (literal instanceof CharSequence cs) {
      return Binary.fromString(cs.toString());
    }
    if (literal instanceof ByteBuffer bb) {
      return Binary.fromConstantByteBuffer(bb.duplicate());
    }
    return null;
  }
}
