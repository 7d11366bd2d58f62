package dev.mmlake.engine.iceberg;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;

/**
 * Translates Calcite filter conjuncts into Iceberg expressions so that scans skip data files and
 * row groups whose column statistics exclude the filter.
 *
 * <p>Translation is best effort and never changes results: a conjunct that cannot be translated
 * yields nothing (and Calcite still evaluates every filter above the scan).
 */
public final class IcebergFilters {
  private final Schema schema;

  public IcebergFilters(Schema schema) {
    this.schema = schema;
  }

  /** AND of every translatable conjunct; {@code alwaysTrue()} when none translates. */
  public Expression translateAll(List<RexNode> conjuncts) {
    Expression result = Expressions.alwaysTrue();
    for (RexNode n : conjuncts) {
      Optional<Expression> e = translate(n);
      if (e.isPresent()) {
        result = Expressions.and(result, e.get());
      }
    }
    return result;
  }

  public Optional<Expression> translate(RexNode node) {
    try {
      return Optional.ofNullable(convert(node, false));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * @param exact when true the result must be equivalent to {@code node} (null otherwise); when
   *     false it may be weaker (implied by {@code node}), which is only sound outside NOT and OR
   */
  private Expression convert(RexNode node, boolean exact) {
    if (!(node instanceof RexCall call)) {
      return null;
    }
    SqlKind kind = call.getKind();
    switch (kind) {
      case AND: {
        Expression acc = null;
        for (RexNode op : call.getOperands()) {
          Expression e = convert(op, exact);
          if (e == null && exact) {
            return null;
          }
          if (e != null) {
            acc = acc == null ? e : Expressions.and(acc, e);
          }
        }
        return acc; // outside NOT/OR a partial AND is still a valid (weaker) filter
      }
      case OR: {
        Expression acc = null;
        for (RexNode op : call.getOperands()) {
          Expression e = convert(op, exact);
          if (e == null) {
            return null; // one untranslatable branch makes the whole OR unusable
          }
          acc = acc == null ? e : Expressions.or(acc, e);
        }
        return acc;
      }
      case NOT: {
        // NOT of a weaker filter would be stronger: only an exact translation may be negated
        Expression e = convert(call.getOperands().get(0), true);
        return e == null ? null : Expressions.not(e);
      }
      case IS_NULL:
      case IS_NOT_NULL: {
        String col = column(call.getOperands().get(0));
        if (col == null) {
          return null;
        }
        return kind == SqlKind.IS_NULL ? Expressions.isNull(col) : Expressions.notNull(col);
      }
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
        return comparison(call, kind);
      case SEARCH:
        return search(call);
      default:
        return null;
    }
  }

  private Expression comparison(RexCall call, SqlKind kind) {
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    SqlKind k = kind;
    if (!(column(a) != null && b instanceof RexLiteral)) {
      if (column(b) != null && a instanceof RexLiteral) {
        RexNode t = a;
        a = b;
        b = t;
        k = kind.reverse();
      } else {
        return null;
      }
    }
    String col = column(a);
    Object value = literal((RexLiteral) b, schema.findType(col));
    if (value == null) {
      return null;
    }
    return switch (k) {
      case EQUALS -> Expressions.equal(col, value);
      case NOT_EQUALS -> Expressions.notEqual(col, value);
      case LESS_THAN -> Expressions.lessThan(col, value);
      case LESS_THAN_OR_EQUAL -> Expressions.lessThanOrEqual(col, value);
      case GREATER_THAN -> Expressions.greaterThan(col, value);
      case GREATER_THAN_OR_EQUAL -> Expressions.greaterThanOrEqual(col, value);
      default -> null;
    };
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private Expression search(RexCall call) {
    String col = column(call.getOperands().get(0));
    if (col == null || !(call.getOperands().get(1) instanceof RexLiteral lit)) {
      return null;
    }
    Sarg sarg = lit.getValueAs(Sarg.class);
    if (sarg == null || sarg.nullAs != RexUnknownAs.UNKNOWN
        && sarg.nullAs != RexUnknownAs.FALSE) {
      return null;
    }
    Type type = schema.findType(col);
    if (sarg.isPoints()) {
      List<Object> values = new ArrayList<>();
      for (Object r : sarg.rangeSet.asRanges()) {
        Object v = fromComparable(((Range) r).lowerEndpoint(), type);
        if (v == null) {
          return null;
        }
        values.add(v);
      }
      return Expressions.in(col, values.toArray());
    }
    Expression acc = null;
    for (Object o : sarg.rangeSet.asRanges()) {
      Range r = (Range) o;
      Expression e = Expressions.alwaysTrue();
      if (r.hasLowerBound()) {
        Object v = fromComparable(r.lowerEndpoint(), type);
        if (v == null) {
          return null;
        }
        e = Expressions.and(e, r.lowerBoundType() == BoundType.CLOSED
            ? Expressions.greaterThanOrEqual(col, v) : Expressions.greaterThan(col, v));
      }
      if (r.hasUpperBound()) {
        Object v = fromComparable(r.upperEndpoint(), type);
        if (v == null) {
          return null;
        }
        e = Expressions.and(e, r.upperBoundType() == BoundType.CLOSED
            ? Expressions.lessThanOrEqual(col, v) : Expressions.lessThan(col, v));
      }
      acc = acc == null ? e : Expressions.or(acc, e);
    }
    return acc;
  }

  private String column(RexNode n) {
    if (n instanceof RexInputRef ref && ref.getIndex() < schema.columns().size()) {
      return schema.columns().get(ref.getIndex()).name();
    }
    return null;
  }

  private static Object literal(RexLiteral lit, Type type) {
    if (lit.isNull()) {
      return null;
    }
    // getValue() answers a Calendar for DATE and TIMESTAMP; the strings keep the exact value
    Comparable<?> v = switch (lit.getTypeName()) {
      case DATE -> lit.getValueAs(DateString.class);
      case TIMESTAMP -> lit.getValueAs(TimestampString.class);
      default -> lit.getValue();
    };
    return fromComparable(v, type);
  }

  /** Converts a literal value (as Calcite stores it) to the Iceberg literal for {@code type}. */
  private static Object fromComparable(Object v, Type type) {
    if (v == null || type == null) {
      return null;
    }
    if (v instanceof NlsString s) {
      v = s.getValue();
    }
    switch (type.typeId()) {
      case STRING:
        return v instanceof String ? v : null;
      case INTEGER:
        return v instanceof Number n ? (Object) n.intValue() : null;
      case LONG:
        return v instanceof Number n ? (Object) n.longValue() : null;
      case FLOAT:
        return v instanceof Number n ? (Object) n.floatValue() : null;
      case DOUBLE:
        return v instanceof Number n ? (Object) n.doubleValue() : null;
      case DECIMAL:
        return v instanceof BigDecimal ? v : null;
      case BOOLEAN:
        return v instanceof Boolean ? v : null;
      case DATE:
        if (v instanceof DateString ds) {
          return ds.getDaysSinceEpoch();
        }
        return null;
      case TIMESTAMP:
        if (v instanceof TimestampString ts) {
          return ts.getMillisSinceEpoch() * 1000L;
        }
        return null;
      default:
        return null;
    }
  }
}
