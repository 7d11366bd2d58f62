package dev.mmlake.engine.plan;

import dev.mmlake.engine.batch.BatchCallRules;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.adapter.enumerable.EnumerableTableFunctionScanRule;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rel.rules.CoreRules;

/**
 * The planner rules mmlake adds to (and replaces in) the planner of its own connections. Plain
 * Calcite connections in the same JVM never see them.
 */
public final class MmlakeRules {
  /** Table functions without cursor arguments: Calcite's own enumerable implementation. */
  static final RelOptRule TABLE_FUNCTION_WITHOUT_CURSORS =
      EnumerableTableFunctionScanRule.DEFAULT_CONFIG
          .withConversion(LogicalTableFunctionScan.class, scan -> scan.getInputs().isEmpty(),
              Convention.NONE, EnumerableConvention.INSTANCE,
              "EnumerableTableFunctionScanRule(no cursors)")
          .toRule();

  private MmlakeRules() {
  }

  /** Registers mmlake's rules on {@code planner}. */
  public static void register(RelOptPlanner planner) {
    planner.removeRule(EnumerableRules.ENUMERABLE_TABLE_FUNCTION_SCAN_RULE);
    planner.addRule(TABLE_FUNCTION_WITHOUT_CURSORS);
    planner.addRule(CursorFunctionScanRule.INSTANCE);
    planner.addRule(BatchCallRules.ENUMERABLE);
    planner.removeRule(CoreRules.PROJECT_AGGREGATE_MERGE);
    planner.addRule(GroupedSumCoalesceGuard.INSTANCE);
  }
}
