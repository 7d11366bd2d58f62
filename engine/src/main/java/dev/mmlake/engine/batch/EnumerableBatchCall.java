package dev.mmlake.engine.batch;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.util.ImmutableIntList;

/** Executes a {@link BatchCall}: buffers input rows and evaluates the function per batch. */
public final class EnumerableBatchCall extends BatchCall implements EnumerableRel {
  public EnumerableBatchCall(RelOptCluster cluster, RelTraitSet traits, RelNode input,
      String functionName, String functionClass, ImmutableIntList argColumns,
      RelDataType resultType) {
    super(cluster, traits, input, functionName, functionClass, argColumns, resultType);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new EnumerableBatchCall(getCluster(), traitSet, sole(inputs), functionName,
        functionClass, argColumns, resultType);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return planner.getCostFactory().makeCost(mq.getRowCount(getInput()), 0, 0);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    BlockBuilder builder = new BlockBuilder();
    Result child = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
    Expression input = builder.append("input", child.block);
    Expression rows = child.physType.getFormat() == JavaRowFormat.ARRAY ? input
        : builder.append("rows", child.physType.convertTo(input, JavaRowFormat.ARRAY));
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        JavaRowFormat.ARRAY);
    int[] args = argColumns.toIntArray();
    Expression argArray = Expressions.newArrayInit(int.class,
        Arrays.stream(args).mapToObj(Expressions::constant).toArray(Expression[]::new));
    builder.add(Expressions.return_(null, Expressions.call(BatchEvaluator.class, "apply", rows,
        Expressions.constant(functionClass), argArray)));
    return implementor.result(physType, builder.toBlock());
  }

  /** Creates the executable form in the enumerable convention. */
  static EnumerableBatchCall of(BatchCall logical, RelNode input) {
    return new EnumerableBatchCall(logical.getCluster(),
        logical.getTraitSet().replace(EnumerableConvention.INSTANCE), input,
        logical.functionName, logical.functionClass, logical.argColumns, logical.resultType);
  }
}
