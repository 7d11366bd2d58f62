package dev.mmlake.engine;

import dev.mmlake.functions.SqlReturns;
import java.lang.reflect.Method;
import java.util.Locale;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.schema.impl.ReflectiveFunctionBase;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A reflective scalar function whose SQL result type comes from {@link SqlReturns} on its
 * {@code eval} method (e.g. {@code REAL ARRAY} for a {@code List<Float>} result).
 */
final class TypedScalarFunction extends ReflectiveFunctionBase
    implements ScalarFunction, ImplementableFunction {
  private final ScalarFunctionImpl delegate;
  private final String returns;

  private TypedScalarFunction(Method method, ScalarFunctionImpl delegate, String returns) {
    super(method);
    this.delegate = delegate;
    this.returns = returns;
  }

  /** Wraps {@code method}; plain reflection when it has no {@link SqlReturns}. */
  static Function of(Method method) {
    Function f = ScalarFunctionImpl.create(method);
    SqlReturns r = method.getAnnotation(SqlReturns.class);
    return r == null ? f : new TypedScalarFunction(method, (ScalarFunctionImpl) f, r.value());
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory f) {
    return parse(returns, f);
  }

  /** Parses {@code TYPE}, {@code TYPE ARRAY} or {@code ROW(name TYPE, ...)}. */
  static RelDataType parse(String returns, RelDataTypeFactory f) {
    String spec = returns.trim().toUpperCase(Locale.ROOT);
    if (spec.startsWith("ROW(") && spec.endsWith(")")) {
      RelDataTypeFactory.Builder b = f.builder();
      String body = returns.trim().substring(4, returns.trim().length() - 1);
      for (String field : body.split(",")) {
        String[] parts = field.trim().split("\\s+", 2);
        b.add(parts[0].toLowerCase(Locale.ROOT), parse(parts[1], f));
      }
      return f.createTypeWithNullability(b.build(), true);
    }
    boolean array = spec.endsWith(" ARRAY");
    String base = array ? spec.substring(0, spec.length() - " ARRAY".length()).trim() : spec;
    SqlTypeName name = SqlTypeName.get(base.equals("FLOAT") ? "REAL" : base);
    if (name == null) {
      throw new IllegalStateException("Unknown @SqlReturns type " + returns);
    }
    RelDataType t = f.createTypeWithNullability(f.createSqlType(name), true);
    return array ? f.createTypeWithNullability(f.createArrayType(t, -1), true) : t;
  }

  @Override
  public CallImplementor getImplementor() {
    return delegate.getImplementor();
  }
}
