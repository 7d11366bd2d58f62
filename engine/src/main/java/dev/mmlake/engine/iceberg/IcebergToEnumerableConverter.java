package dev.mmlake.engine.iceberg;

import java.lang.reflect.Method;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.linq4j.function.Predicate1;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterImpl;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.iceberg.expressions.Expression;

/**
 * Turns an {@link IcebergTableScan} into enumerable code: the generated code calls
 * {@link IcebergTable#scan(DataContext, List, Expression)} with the scan's columns and its pushed
 * filter, translated to an Iceberg expression once, at planning time; a scan with a pushed
 * aggregate calls
 * {@link IcebergTable#aggregate(DataContext, List, ScanAggregate, Expression, Predicate1, Object)}
 * instead, with the scan's row condition as generated code and, when it can be evaluated exactly
 * on column batches, as a {@link ScanCondition}.
 */
public final class IcebergToEnumerableConverter extends ConverterImpl implements EnumerableRel {
  private static final Method SCAN = method("scan");
  private static final Method SCAN_SINGLE = method("scanSingleColumn");
  private static final Method AGGREGATE = aggregateMethod("aggregate");
  private static final Method AGGREGATE_SINGLE = aggregateMethod("aggregateSingleColumn");

  IcebergToEnumerableConverter(RelOptCluster cluster, RelTraitSet traits, RelNode input) {
    super(cluster, ConventionTraitDef.INSTANCE, traits, input);
  }

  private static Method method(String name) {
    try {
      return IcebergTable.class.getMethod(name, DataContext.class, List.class,
          Expression.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("IcebergTable." + name + "(DataContext, List, Expression) "
          + "is missing", e);
    }
  }

  private static Method aggregateMethod(String name) {
    try {
      return IcebergTable.class.getMethod(name, DataContext.class, List.class,
          ScanAggregate.class, Expression.class, Predicate1.class, Object.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("IcebergTable." + name + "(DataContext, List, "
          + "ScanAggregate, Expression, Predicate1, Object) is missing", e);
    }
  }

  /**
   * The scan's row condition as a generated {@code Predicate1<Object[]>} over the read columns,
   * translated the way {@code EnumerableCalc} translates a filter; null without one.
   */
  // qualified: Expression is Iceberg's in this class, this is linq4j's
  private static org.apache.calcite.linq4j.tree.Expression condition(
      EnumerableRelImplementor implementor, IcebergTableScan scan) {
    if (scan.condition() == null) {
      return Expressions.constant(null, Predicate1.class);
    }
    RelDataType readType = scan.readRowType();
    ParameterExpression row = Expressions.parameter(
        Object[].class, "row");
    PhysType input = PhysTypeImpl.of(implementor.getTypeFactory(), readType,
        JavaRowFormat.ARRAY, false);
    RexProgramBuilder program = new RexProgramBuilder(readType,
        scan.getCluster().getRexBuilder());
    program.addCondition(scan.condition());
    BlockBuilder body = new BlockBuilder();
    // qualified: Expression is Iceberg's in this class, this is linq4j's
    org.apache.calcite.linq4j.tree.Expression test = RexToLixTranslator.translateCondition(
        program.getProgram(), implementor.getTypeFactory(), body,
        new RexToLixTranslator.InputGetterImpl(row, input), implementor::getCorrelVariableGetter,
        implementor.getConformance());
    body.add(Expressions.return_(null, test));
    return Expressions.lambda(Predicate1.class, body.toBlock(),
        row);
  }

  /**
   * The scan's row condition compiled for column batches ({@link ScanCondition}) when it can be
   * evaluated exactly there, else null: an aggregate then reads batches instead of rows.
   */
  // qualified: Expression is Iceberg's in this class, this is linq4j's
  private static org.apache.calcite.linq4j.tree.Expression batchCondition(
      EnumerableRelImplementor implementor, IcebergTableScan scan) {
    ScanCondition compiled = scan.condition() == null ? null : ScanCondition.compile(
        scan.condition(), scan.readRowType(), scan.getCluster().getRexBuilder());
    return compiled == null ? Expressions.constant(null, Object.class)
        : implementor.stash(compiled, Object.class);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new IcebergToEnumerableConverter(getCluster(), traitSet, sole(inputs));
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return super.computeSelfCost(planner, mq).multiplyBy(0.1);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    IcebergTableScan scan = (IcebergTableScan) getInput();
    IcebergTable table = scan.icebergTable();
    Expression filter = scan.icebergFilter();
    BlockBuilder builder = new BlockBuilder();
    boolean single = getRowType().getFieldCount() == 1;
    var rows = scan.aggregate() != null
        ? Expressions.call(
            implementor.stash(table, IcebergTable.class), single ? AGGREGATE_SINGLE : AGGREGATE,
            implementor.getRootExpression(),
            implementor.stash(scan.columnNames(), List.class),
            implementor.stash(scan.aggregate(), ScanAggregate.class),
            implementor.stash(filter, Expression.class),
            condition(implementor, scan),
            batchCondition(implementor, scan))
        : Expressions.call(
            implementor.stash(table, IcebergTable.class), single ? SCAN_SINGLE : SCAN,
            implementor.getRootExpression(),
            implementor.stash(scan.columnNames(), List.class),
            implementor.stash(filter, Expression.class));
    builder.add(Expressions.return_(null, rows));
    // Calcite's operators take a one-column row as the bare value
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        single ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY, false);
    return implementor.result(physType, builder.toBlock());
  }
}
