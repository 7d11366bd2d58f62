package dev.mmlake.engine.batch;

import dev.mmlake.functions.BatchFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.schema.impl.ReflectiveFunctionBase;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.util.ImmutableIntList;

/** Planner rules that turn calls to batch functions into {@link BatchCall} operators. */
public final class BatchCallRules {
  /**
   * Pulls one innermost batch-function call out of a project's expressions into a
   * {@link BatchCall} below it. Fires until no such call is left.
   */
  public static final RelOptRule EXTRACT = new ExtractRule();

  /** Converts the logical {@link BatchCall} to {@link EnumerableBatchCall}. */
  public static final RelOptRule ENUMERABLE = ConverterRule.Config.INSTANCE
      .withConversion(BatchCall.class, Convention.NONE, EnumerableConvention.INSTANCE,
          "BatchCallEnumerableRule")
      .withRuleFactory(EnumerableRule::new)
      .toRule(EnumerableRule.class);

  private BatchCallRules() {
  }

  /** The class name of the batch function {@code call} invokes, or null if it is not one. */
  static String batchClass(RexNode node) {
    if (!(node instanceof RexCall call)
        || !(call.getOperator() instanceof SqlUserDefinedFunction udf)
        || !(udf.getFunction() instanceof ReflectiveFunctionBase f)) {
      return null;
    }
    Class<?> owner = f.method.getDeclaringClass();
    return BatchFunction.class.isAssignableFrom(owner) ? owner.getName() : null;
  }

  /** Finds a batch call none of whose operands contains another batch call. */
  static RexCall innermostBatchCall(RexNode node) {
    if (!(node instanceof RexCall call)) {
      return null;
    }
    for (RexNode op : call.getOperands()) {
      RexCall inner = innermostBatchCall(op);
      if (inner != null) {
        return inner;
      }
    }
    return batchClass(call) != null ? call : null;
  }

  private static final class ExtractRule extends RelOptRule {
    @SuppressWarnings("deprecation")
    ExtractRule() {
      super(operand(LogicalProject.class, any()), "BatchCallExtractRule");
    }

    @Override
    public void onMatch(RelOptRuleCall ruleCall) {
      LogicalProject project = ruleCall.rel(0);
      RexCall target = null;
      for (RexNode e : project.getProjects()) {
        target = innermostBatchCall(e);
        if (target != null) {
          break;
        }
      }
      if (target == null) {
        return;
      }
      RelNode input = project.getInput();
      RexBuilder rex = project.getCluster().getRexBuilder();
      int n = input.getRowType().getFieldCount();
      List<RexNode> bottom = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        bottom.add(rex.makeInputRef(input, i));
      }
      List<Integer> args = new ArrayList<>();
      for (RexNode op : target.getOperands()) {
        args.add(bottom.size());
        bottom.add(op);
      }
      RelNode below = LogicalProject.create(input, List.of(), bottom, (List<String>) null,
          project.getVariablesSet());
      String name = target.getOperator().getName();
      BatchCall batch = new BatchCall(project.getCluster(), project.getTraitSet(), below, name,
          batchClass(target), ImmutableIntList.copyOf(args), target.getType());
      RexInputRef result = new RexInputRef(bottom.size(), target.getType());
      RexCall replaced = target;
      List<RexNode> top = new RexShuttle() {
        @Override
        public RexNode visitCall(RexCall call) {
          return call.equals(replaced) ? result : super.visitCall(call);
        }
      }.apply(project.getProjects());
      ruleCall.transformTo(LogicalProject.create(batch, project.getHints(), top,
          project.getRowType().getFieldNames(), project.getVariablesSet()));
    }
  }

  private static final class EnumerableRule extends ConverterRule {
    EnumerableRule(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      BatchCall b = (BatchCall) rel;
      RelNode input = convert(b.getInput(),
          b.getInput().getTraitSet().replace(EnumerableConvention.INSTANCE));
      return EnumerableBatchCall.of(b, input);
    }
  }
}
