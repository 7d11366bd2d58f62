package dev.mmlake.engine.batch;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.util.ImmutableIntList;

/**
 * Relational operator that appends one column: the result of a {@link
 * dev.mmlake.functions.BatchFunction} applied to some input columns, evaluated a batch of rows
 * at a time. Logical form; {@link EnumerableBatchCall} executes it.
 */
public class BatchCall extends SingleRel {
  final String functionName;
  final String functionClass;
  final ImmutableIntList argColumns;
  final RelDataType resultType;

  public BatchCall(RelOptCluster cluster, RelTraitSet traits, RelNode input, String functionName,
      String functionClass, ImmutableIntList argColumns, RelDataType resultType) {
    super(cluster, traits, input);
    this.functionName = functionName;
    this.functionClass = functionClass;
    this.argColumns = argColumns;
    this.resultType = resultType;
  }

  @Override
  protected RelDataType deriveRowType() {
    RelDataTypeFactory.Builder b = getCluster().getTypeFactory().builder();
    b.addAll(getInput().getRowType().getFieldList());
    b.add("$batch_" + functionName.toLowerCase(Locale.ROOT) + "_"
        + getInput().getRowType().getFieldCount(), resultType);
    return b.uniquify().build();
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new BatchCall(getCluster(), traitSet, sole(inputs), functionName, functionClass,
        argColumns, resultType);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("function", functionName).item("args", argColumns);
  }
}
