package dev.mmlake.engine.plan;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;

/**
 * Plans a table function call with {@code CURSOR(query)} arguments as an
 * {@link EnumerableCursorFunctionScan} whose inputs are the cursor queries, so the queries are
 * part of the statement's plan (with its parameters) and the function receives their rows.
 */
final class CursorFunctionScanRule extends ConverterRule {
  static final CursorFunctionScanRule INSTANCE = new CursorFunctionScanRule(Config.INSTANCE
      .withConversion(LogicalTableFunctionScan.class, scan -> !scan.getInputs().isEmpty(),
          Convention.NONE, EnumerableConvention.INSTANCE, "CursorFunctionScanRule")
      .withRuleFactory(CursorFunctionScanRule::new));

  private CursorFunctionScanRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalTableFunctionScan scan = (LogicalTableFunctionScan) rel;
    RelTraitSet traits = scan.getTraitSet().replace(EnumerableConvention.INSTANCE);
    List<RelNode> inputs = new ArrayList<>();
    for (RelNode input : scan.getInputs()) {
      inputs.add(convert(input, input.getTraitSet().replace(EnumerableConvention.INSTANCE)));
    }
    return new EnumerableCursorFunctionScan(scan.getCluster(), traits, inputs, scan.getCall(),
        scan.getElementType(), scan.getRowType(), scan.getColumnMappings());
  }
}
