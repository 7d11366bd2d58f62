package dev.mmlake.engine.plan;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.TableFunction;
import org.apache.calcite.schema.impl.TableFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A table function implemented by a public static method, where parameters of type
 * {@link Enumerable} take {@code CURSOR(query)} arguments. Calcite's reflective table functions
 * type such a parameter as an opaque Java object, which a CURSOR argument does not match; this
 * wrapper declares it as CURSOR. {@link EnumerableCursorFunctionScan} passes the cursor's rows in
 * as an {@code Enumerable<Object[]>}; while Calcite derives the result type the argument is null.
 */
public final class CursorTableFunction implements TableFunction, ImplementableFunction {
  private final TableFunctionImpl delegate;
  private final List<FunctionParameter> parameters;

  private CursorTableFunction(TableFunctionImpl delegate, Method method) {
    this.delegate = delegate;
    List<FunctionParameter> params = new ArrayList<>();
    for (FunctionParameter p : delegate.getParameters()) {
      boolean cursor = Enumerable.class.isAssignableFrom(
          method.getParameterTypes()[p.getOrdinal()]);
      params.add(cursor ? new CursorParameter(p) : p);
    }
    this.parameters = List.copyOf(params);
  }

  /**
   * The SQL table function for {@code method}: a public static method returning a Calcite table.
   *
   * @throws IllegalArgumentException when the method does not return a scannable or queryable
   *     table
   */
  public static TableFunction of(Method method) {
    TableFunction function = TableFunctionImpl.create(method);
    if (function == null) {
      throw new IllegalArgumentException(method + " cannot be a SQL table function: it must be "
          + "public static and return a ScannableTable or QueryableTable");
    }
    for (Class<?> type : method.getParameterTypes()) {
      if (Enumerable.class.isAssignableFrom(type)) {
        return new CursorTableFunction((TableFunctionImpl) function, method);
      }
    }
    return function;
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return parameters;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory, List<?> arguments) {
    return delegate.getRowType(typeFactory, withoutCursors(arguments));
  }

  @Override
  public Type getElementType(List<?> arguments) {
    return delegate.getElementType(withoutCursors(arguments));
  }

  /** While planning, Calcite passes a cursor's ordinal as its value: the function sees null. */
  private List<Object> withoutCursors(List<?> arguments) {
    List<Object> args = new ArrayList<>(arguments);
    for (FunctionParameter p : parameters) {
      if (p instanceof CursorParameter && p.getOrdinal() < args.size()) {
        args.set(p.getOrdinal(), null);
      }
    }
    return args;
  }

  @Override
  public CallImplementor getImplementor() {
    return delegate.getImplementor();
  }

  /** A parameter that takes {@code CURSOR(query)}. */
  private record CursorParameter(FunctionParameter of) implements FunctionParameter {
    @Override
    public int getOrdinal() {
      return of.getOrdinal();
    }

    @Override
    public String getName() {
      return of.getName();
    }

    @Override
    public RelDataType getType(RelDataTypeFactory typeFactory) {
      return typeFactory.createSqlType(SqlTypeName.CURSOR);
    }

    @Override
    public boolean isOptional() {
      return of.isOptional();
    }
  }
}
