package dev.mmlake.engine.plan;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.rules.ProjectAggregateMergeRule;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;

/**
 * Calcite's {@link ProjectAggregateMergeRule}, except on the one shape where Calcite 1.41 builds
 * an invalid plan: a {@code COALESCE(SUM(x), 0)} over an aggregate with group keys.
 *
 * <p>On that shape the rule rewrites the {@code COALESCE} into a reference to a new
 * {@code SUM0(x)} call, but numbers the reference by the call's position in the call list
 * without adding the group-key count, so it points at the (nullable) {@code SUM(x)} column with
 * {@code SUM0}'s NOT NULL type and planning fails with "type mismatch". Without GROUP BY (no group
 * keys) the number is right and the rule runs as in Calcite. Skipping the shape only forgoes the
 * {@code SUM0} rewrite; the {@code COALESCE} is then evaluated over {@code SUM}, which gives the
 * same result.
 */
final class GroupedSumCoalesceGuard extends ProjectAggregateMergeRule {
  static final GroupedSumCoalesceGuard INSTANCE =
      new GroupedSumCoalesceGuard(ProjectAggregateMergeRule.Config.DEFAULT
          .withDescription("ProjectAggregateMergeRule(grouped SUM coalesce guarded)")
          .as(ProjectAggregateMergeRule.Config.class));

  private GroupedSumCoalesceGuard(Config config) {
    super(config);
  }

  @Override
  public boolean matches(RelOptRuleCall call) {
    Project project = call.rel(0);
    Aggregate aggregate = call.rel(1);
    return aggregate.getGroupCount() == 0 || !coalescesSum(project, aggregate);
  }

  /** Whether a projection is {@code CASE WHEN $i IS NOT NULL ...} over a SUM call of the input. */
  private static boolean coalescesSum(Project project, Aggregate aggregate) {
    boolean[] found = {false};
    new RexVisitorImpl<Void>(true) {
      @Override
      public Void visitCall(RexCall call) {
        if (call.getKind() == SqlKind.CASE && call.operands.size() == 3
            && call.operands.get(0) instanceof RexCall test
            && test.getKind() == SqlKind.IS_NOT_NULL
            && test.operands.get(0) instanceof RexInputRef ref
            && isSum(aggregate, ref.getIndex())) {
          found[0] = true;
        }
        return super.visitCall(call);
      }
    }.visitEach(project.getProjects());
    return found[0];
  }

  private static boolean isSum(Aggregate aggregate, int field) {
    int callIndex = field - aggregate.getGroupCount();
    return callIndex >= 0 && callIndex < aggregate.getAggCallList().size()
        && aggregate.getAggCallList().get(callIndex).getAggregation().getKind() == SqlKind.SUM;
  }
}
