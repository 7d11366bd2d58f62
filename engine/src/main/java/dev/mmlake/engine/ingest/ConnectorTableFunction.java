package dev.mmlake.engine.ingest;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.connectors.ConnectorSpec;
import dev.mmlake.connectors.Connectors;
import dev.mmlake.engine.iceberg.IcebergTypes;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.TableFunction;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.BuiltInMethod;

/**
 * The SQL table function of one registered source connector, derived from its
 * {@link ConnectorSpec}: one VARCHAR parameter per path parameter, in order, and the columns of
 * {@code lake.items}, so {@code INSERT INTO lake.items SELECT * FROM TABLE(read_coco(...))}
 * works. The generated code calls {@link #open} with the call's arguments and scans the
 * {@link ConnectorTable} it returns, which checks the paths against the session's data roots
 * ({@link dev.mmlake.connectors.DataRoots}) before the connector reads anything.
 */
public final class ConnectorTableFunction implements TableFunction, ImplementableFunction {
  private static final Method OPEN = method("open");
  private final ConnectorSpec spec;

  private ConnectorTableFunction(ConnectorSpec spec) {
    this.spec = spec;
  }

  /** The table function of {@code spec}. */
  public static ConnectorTableFunction of(ConnectorSpec spec) {
    return new ConnectorTableFunction(spec);
  }

  /**
   * The table of one call; used by generated code. Wrong arguments fail as
   * {@link Connectors#create} says.
   */
  public static ScannableTable open(String sqlName, String[] args) {
    List<String> paths = Arrays.asList(args);
    Connectors.create(sqlName, paths); // checks the arguments; reads nothing
    return new ConnectorTable(sqlName, paths);
  }

  @Override
  public List<FunctionParameter> getParameters() {
    List<FunctionParameter> out = new ArrayList<>();
    for (int i = 0; i < spec.parameters().size(); i++) {
      out.add(new Parameter(i, spec.parameters().get(i)));
    }
    return out;
  }

  /** The columns of {@code lake.items}; literal arguments are checked here, before planning. */
  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory, List<?> arguments) {
    if (arguments.stream().allMatch(a -> a instanceof String)) {
      Connectors.create(spec.sqlName(), arguments.stream().map(a -> (String) a).toList());
    }
    return IcebergTypes.rowType(LakeTables.ITEMS_SCHEMA, typeFactory);
  }

  @Override
  public Type getElementType(List<?> arguments) {
    return Object[].class;
  }

  @Override
  public CallImplementor getImplementor() {
    return RexImpTable.createImplementor((translator, call, operands) -> {
      List<Expression> paths = operands.stream()
          .map(o -> EnumUtils.convert(o, String.class)).toList();
      Expression table = Expressions.call(OPEN, Expressions.constant(spec.sqlName()),
          Expressions.newArrayInit(String.class, paths));
      return Expressions.call(table, BuiltInMethod.SCANNABLE_TABLE_SCAN.method,
          translator.getRoot());
    }, NullPolicy.NONE, false);
  }

  private static Method method(String name) {
    try {
      return ConnectorTableFunction.class.getMethod(name, String.class, String[].class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A VARCHAR path parameter. */
  private record Parameter(int ordinal, String name) implements FunctionParameter {
    @Override
    public int getOrdinal() {
      return ordinal;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public RelDataType getType(RelDataTypeFactory typeFactory) {
      return typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.VARCHAR), true);
    }

    @Override
    public boolean isOptional() {
      return false;
    }
  }
}
