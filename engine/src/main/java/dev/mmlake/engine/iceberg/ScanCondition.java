package dev.mmlake.engine.iceberg;

import dev.mmlake.engine.iceberg.columnar.ColumnBatch;
import dev.mmlake.engine.iceberg.columnar.ColumnVector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A WHERE condition evaluated exactly, with SQL's semantics, on the column vectors of a
 * {@link ColumnBatch}: a row is kept when the condition is TRUE. Only conditions whose result
 * cannot differ from Calcite's generated code are compiled: AND/OR (no NOT, so an unknown
 * comparison can be treated as false) of {@code IS [NOT] NULL}, a bare BOOLEAN column, and
 * comparisons of an INTEGER, BIGINT, DATE or TIMESTAMP column with a literal of the same kind,
 * or {@code =}/{@code <>} of a VARCHAR column with a string literal; {@code IN} and ranges
 * (Calcite's SEARCH) are expanded into those. Anything else (doubles, whose NaN and -0.0
 * comparisons differ between Calcite's code paths; casts; functions) is not compiled.
 */
final class ScanCondition {
  private static final Set<SqlTypeName> LONGS = EnumSet.of(SqlTypeName.INTEGER,
      SqlTypeName.BIGINT, SqlTypeName.DATE, SqlTypeName.TIMESTAMP);
  private static final Set<SqlTypeName> INTEGER_LITERALS = EnumSet.of(SqlTypeName.TINYINT,
      SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT);

  /** Whether a row of the batch meets the condition. */
  @FunctionalInterface
  private interface RowTest {
    boolean test(ColumnBatch batch, int row);
  }

  private final RowTest test;

  private ScanCondition(RowTest test) {
    this.test = test;
  }

  /**
   * The condition over the columns of {@code rowType} as an exact batch test, or null when some
   * part of it cannot be evaluated exactly.
   */
  static ScanCondition compile(RexNode condition, RelDataType rowType, RexBuilder rexBuilder) {
    RowTest t = compile(RexUtil.expandSearch(rexBuilder, null, condition), rowType);
    return t == null ? null : new ScanCondition(t);
  }

  /** The batch with only the selected rows that meet the condition selected. */
  ColumnBatch select(ColumnBatch batch) {
    int n = batch.selectedCount();
    int[] kept = new int[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      int r = batch.selectedRow(i);
      if (test.test(batch, r)) {
        kept[k++] = r;
      }
    }
    return k == n ? batch : batch.select(kept, k);
  }

  private static RowTest compile(RexNode node, RelDataType rowType) {
    if (node instanceof RexInputRef ref) {
      int c = ref.getIndex();
      return rowType.getFieldList().get(c).getType().getSqlTypeName() == SqlTypeName.BOOLEAN
          ? (b, r) -> !b.column(c).isNull(r) && b.column(c).getBoolean(r) : null;
    }
    if (!(node instanceof RexCall call)) {
      return null;
    }
    switch (call.getKind()) {
      case AND, OR -> {
        List<RowTest> parts = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
          RowTest p = compile(operand, rowType);
          if (p == null) {
            return null;
          }
          parts.add(p);
        }
        RowTest[] all = parts.toArray(RowTest[]::new);
        return call.getKind() == SqlKind.AND ? (b, r) -> {
          for (RowTest p : all) {
            if (!p.test(b, r)) {
              return false;
            }
          }
          return true;
        } : (b, r) -> {
          for (RowTest p : all) {
            if (p.test(b, r)) {
              return true;
            }
          }
          return false;
        };
      }
      case IS_NULL, IS_NOT_NULL -> {
        if (!(call.getOperands().get(0) instanceof RexInputRef ref)) {
          return null;
        }
        int c = ref.getIndex();
        return call.getKind() == SqlKind.IS_NULL ? (b, r) -> b.column(c).isNull(r)
            : (b, r) -> !b.column(c).isNull(r);
      }
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN,
          GREATER_THAN_OR_EQUAL -> {
        return comparison(call, rowType);
      }
      default -> {
        return null;
      }
    }
  }

  private static RowTest comparison(RexCall call, RelDataType rowType) {
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    SqlKind kind = call.getKind();
    if (left instanceof RexLiteral && right instanceof RexInputRef) {
      RexNode swap = left;
      left = right;
      right = swap;
      kind = kind.reverse();
    }
    if (!(left instanceof RexInputRef ref) || !(right instanceof RexLiteral lit)
        || lit.isNull()) {
      return null;
    }
    int c = ref.getIndex();
    SqlTypeName column = rowType.getFieldList().get(c).getType().getSqlTypeName();
    SqlTypeName literal = lit.getType().getSqlTypeName();
    if (LONGS.contains(column)) {
      Long v = literalLong(column, literal, lit);
      return v == null ? null : longTest(kind, c, v);
    }
    if (column == SqlTypeName.VARCHAR && (literal == SqlTypeName.CHAR
        || literal == SqlTypeName.VARCHAR) && (kind == SqlKind.EQUALS
        || kind == SqlKind.NOT_EQUALS)) {
      String s = lit.getValueAs(String.class);
      if (s == null) {
        return null;
      }
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      boolean equals = kind == SqlKind.EQUALS;
      return (b, r) -> !b.column(c).isNull(r) && equalBytes(b.column(c), r, bytes) == equals;
    }
    return null;
  }

  /** The literal in the column's representation (days, epoch milliseconds), or null. */
  private static Long literalLong(SqlTypeName column, SqlTypeName literal, RexLiteral lit) {
    return switch (column) {
      case INTEGER, BIGINT -> INTEGER_LITERALS.contains(literal)
          ? lit.getValueAs(Long.class) : null;
      case DATE -> literal == SqlTypeName.DATE
          ? Long.valueOf(lit.getValueAs(Integer.class)) : null;
      case TIMESTAMP -> literal == SqlTypeName.TIMESTAMP && lit.getType().getPrecision() <= 3
          ? lit.getValueAs(Long.class) : null;
      default -> null;
    };
  }

  private static RowTest longTest(SqlKind kind, int c, long v) {
    return switch (kind) {
      case EQUALS -> (b, r) -> !b.column(c).isNull(r) && b.column(c).getLong(r) == v;
      case NOT_EQUALS -> (b, r) -> !b.column(c).isNull(r) && b.column(c).getLong(r) != v;
      case LESS_THAN -> (b, r) -> !b.column(c).isNull(r) && b.column(c).getLong(r) < v;
      case LESS_THAN_OR_EQUAL -> (b, r) -> !b.column(c).isNull(r) && b.column(c).getLong(r) <= v;
      case GREATER_THAN -> (b, r) -> !b.column(c).isNull(r) && b.column(c).getLong(r) > v;
      case GREATER_THAN_OR_EQUAL -> (b, r) -> !b.column(c).isNull(r)
          && b.column(c).getLong(r) >= v;
      default -> null;
    };
  }

  private static boolean equalBytes(ColumnVector col, int row, byte[] value) {
    ColumnVector.Bytes all = col.bytes();
    if (all == null) {
      return Arrays.equals(col.getBytes(row), value);
    }
    int from = all.offsets()[row];
    int to = all.offsets()[row + 1];
    return Arrays.equals(all.data(), from, to, value, 0, value.length);
  }
}
