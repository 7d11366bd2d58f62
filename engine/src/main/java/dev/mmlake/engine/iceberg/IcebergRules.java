package dev.mmlake.engine.iceberg;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptRuleOperand;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;

/**
 * The planner rules of lakehouse scans, registered when a plan first contains an
 * {@link IcebergTableScan}: projection, filter and aggregate pushdown (COUNT/MIN/MAX from manifest
 * statistics, GROUP BY aggregation in the scan), and the conversion to enumerable code. A filter that cannot be translated stays where it is;
 * pushdown never changes a result.
 */
public final class IcebergRules {
  private IcebergRules() {
  }

  static final RelOptRule TO_ENUMERABLE = ConverterRule.Config.INSTANCE
      .withConversion(IcebergTableScan.class, IcebergRel.CONVENTION,
          EnumerableConvention.INSTANCE, "IcebergToEnumerableConverterRule")
      .withRuleFactory(ToEnumerable::new)
      .toRule(ToEnumerable.class);

  static final RelOptRule FILTER = new FilterRule();
  static final RelOptRule PROJECT = new ProjectRule();
  static final RelOptRule PROJECT_FILTER = new ProjectFilterRule();
  static final RelOptRule AGGREGATE = new AggregateRule(false, false);
  static final RelOptRule AGGREGATE_OVER_PROJECT = new AggregateRule(true, false);
  static final RelOptRule AGGREGATE_OVER_FILTER = new AggregateRule(false, true);
  static final RelOptRule AGGREGATE_OVER_PROJECT_FILTER = new AggregateRule(true, true);

  static void register(RelOptPlanner planner) {
    planner.addRule(TO_ENUMERABLE);
    planner.addRule(FILTER);
    planner.addRule(PROJECT);
    planner.addRule(PROJECT_FILTER);
    planner.addRule(AGGREGATE);
    planner.addRule(AGGREGATE_OVER_PROJECT);
    planner.addRule(AGGREGATE_OVER_FILTER);
    planner.addRule(AGGREGATE_OVER_PROJECT_FILTER);
    planner.addRule(IcebergSnapshotRule.INSTANCE);
    planner.addRule(IcebergSnapshotRule.OVER_PROJECT);
  }

  /** Wraps a scan in the code-generating converter. */
  static final class ToEnumerable extends ConverterRule {
    ToEnumerable(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      return new IcebergToEnumerableConverter(rel.getCluster(),
          rel.getTraitSet().replace(EnumerableConvention.INSTANCE), rel);
    }
  }

  /**
   * Pushes the translatable conjuncts of a filter over a scan into the scan. The filter stays
   * above: the scan prunes files, row groups and rows, and Calcite still checks every row.
   */
  static final class FilterRule extends RelOptRule {
    @SuppressWarnings("deprecation")
    FilterRule() {
      super(operand(LogicalFilter.class, operand(IcebergTableScan.class, none())),
          "IcebergFilterRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Filter filter = call.rel(0);
      IcebergTableScan scan = call.rel(1);
      if (scan.projects() != null || !scan.filters().isEmpty() || scan.aggregate() != null) {
        return;
      }
      IcebergFilters translator = new IcebergFilters(scan.icebergTable().schema());
      List<RexNode> pushed = new ArrayList<>();
      for (RexNode c : RelOptUtil.conjunctions(filter.getCondition())) {
        if (translator.translate(c).isPresent()) {
          pushed.add(c);
        }
      }
      if (!pushed.isEmpty()) {
        call.transformTo(filter.copy(filter.getTraitSet(), scan.withFilters(pushed),
            filter.getCondition()));
      }
    }
  }

  /** Reads only the columns a projection over a scan uses. */
  static final class ProjectRule extends RelOptRule {
    @SuppressWarnings("deprecation")
    ProjectRule() {
      super(operand(LogicalProject.class, operand(IcebergTableScan.class, none())),
          "IcebergProjectRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Project project = call.rel(0);
      IcebergTableScan scan = call.rel(1);
      if (scan.projects() != null || scan.aggregate() != null) {
        return;
      }
      int columns = scan.getRowType().getFieldCount();
      ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
      if (used.cardinality() == columns) {
        return;
      }
      int[] read = used.isEmpty() ? new int[] {0} : used.toArray();
      Mappings.TargetMapping mapping = Mappings.target(
          i -> indexOf(read, i), columns, read.length);
      List<RexNode> exprs = RexUtil.apply(mapping, project.getProjects());
      call.transformTo(project.copy(project.getTraitSet(), scan.withProjects(read), exprs,
          project.getRowType()));
    }

    static int indexOf(int[] a, int v) {
      for (int i = 0; i < a.length; i++) {
        if (a[i] == v) {
          return i;
        }
      }
      return -1;
    }
  }

  /**
   * Reads only the columns that a projection and the filter below it use: the scan returns them,
   * and the filter and projection are rewritten over the narrower row.
   */
  static final class ProjectFilterRule extends RelOptRule {
    @SuppressWarnings("deprecation")
    ProjectFilterRule() {
      super(operand(LogicalProject.class, operand(LogicalFilter.class,
          operand(IcebergTableScan.class, none()))), "IcebergProjectFilterRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Project project = call.rel(0);
      Filter filter = call.rel(1);
      IcebergTableScan scan = call.rel(2);
      if (scan.projects() != null || scan.aggregate() != null) {
        return;
      }
      int columns = scan.getRowType().getFieldCount();
      ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null)
          .union(RelOptUtil.InputFinder.bits(filter.getCondition()));
      if (used.cardinality() == columns) {
        return;
      }
      int[] read = used.isEmpty() ? new int[] {0} : used.toArray();
      Mappings.TargetMapping mapping = Mappings.target(i -> ProjectRule.indexOf(read, i),
          columns, read.length);
      RelNode narrowFilter = filter.copy(filter.getTraitSet(), scan.withProjects(read),
          RexUtil.apply(mapping, filter.getCondition()));
      call.transformTo(project.copy(project.getTraitSet(), narrowFilter,
          RexUtil.apply(mapping, project.getProjects()), project.getRowType()));
    }
  }

  /**
   * Pushes an Aggregate (GROUP BY columns; COUNT, SUM, $SUM0, MIN, MAX, AVG of numeric, date,
   * timestamp or string columns as {@link ScanAggregate} allows) over a scan, possibly through a
   * projection of plain columns and a Filter, into the scan. The scan then answers COUNT/MIN/MAX
   * without GROUP BY from manifest statistics when they are exact, and otherwise aggregates the
   * rows it reads ({@link IcebergTable#aggregate}).
   *
   * <p>A Filter between is pushed whole, as the scan's row condition: the scan's Iceberg filter
   * only prunes (Iceberg's row evaluation is not SQL's: it orders NULL first and NaN last), so the
   * scan evaluates the condition itself with code Calcite generates from it, exactly as the
   * Filter would have. Conditions with sub-queries or correlation variables are not pushed.
   */
  static final class AggregateRule extends RelOptRule {
    private final boolean withProject;
    private final boolean withFilter;

    @SuppressWarnings("deprecation")
    AggregateRule(boolean withProject, boolean withFilter) {
      super(operand(LogicalAggregate.class, below(withProject, withFilter)),
          "IcebergAggregateRule" + (withProject ? "(project)" : "")
              + (withFilter ? "(filter)" : ""));
      this.withProject = withProject;
      this.withFilter = withFilter;
    }

    @SuppressWarnings("deprecation")
    private static RelOptRuleOperand below(boolean withProject, boolean withFilter) {
      RelOptRuleOperand scan = operand(IcebergTableScan.class, none());
      RelOptRuleOperand filtered = withFilter ? operand(LogicalFilter.class, scan) : scan;
      return withProject ? operand(LogicalProject.class, filtered) : filtered;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Aggregate agg = call.rel(0);
      Project project = withProject ? call.rel(1) : null;
      Filter filter = withFilter ? call.rel(withProject ? 2 : 1) : null;
      IcebergTableScan scan = call.rel(call.rels.length - 1);
      if (scan.aggregate() != null || filter == null && !scan.filters().isEmpty()
          || agg.getRowType().getFieldCount() == 0) {
        return;
      }
      RexNode condition = filter == null ? null : filter.getCondition();
      if (condition != null && (RexUtil.SubQueryFinder.find(condition) != null
          || RexUtil.containsCorrelation(condition))) {
        return;
      }
      int inputs = agg.getInput().getRowType().getFieldCount();
      int[] inputToScan = new int[inputs];
      for (int i = 0; i < inputs; i++) {
        RexNode e = project == null ? null : project.getProjects().get(i);
        inputToScan[i] = project == null ? i : e instanceof RexInputRef ref ? ref.getIndex() : -1;
      }
      ScanAggregate pushed = ScanAggregate.of(agg, inputToScan, scan.getRowType());
      if (pushed == null) {
        return;
      }
      ImmutableBitSet conditionColumns = condition == null ? ImmutableBitSet.of()
          : RelOptUtil.InputFinder.bits(condition);
      int[] used = ImmutableBitSet.of(pushed.usedColumns()).union(conditionColumns).toArray();
      // COUNT(*) alone still reads one column when statistics cannot answer it
      int[] readFromScan = used.length == 0 ? new int[] {0} : used;
      int[] read = new int[readFromScan.length];
      for (int i = 0; i < read.length; i++) {
        read[i] = scan.projects() == null ? readFromScan[i] : scan.projects()[readFromScan[i]];
      }
      Mappings.TargetMapping mapping = Mappings.target(
          i -> ProjectRule.indexOf(readFromScan, i), scan.getRowType().getFieldCount(),
          readFromScan.length);
      RexNode readCondition = condition == null ? null : RexUtil.apply(mapping, condition);
      int[] filterColumns = new int[conditionColumns.cardinality()];
      int k = 0;
      for (int c : conditionColumns) {
        filterColumns[k++] = ProjectRule.indexOf(readFromScan, c);
      }
      call.transformTo(scan.withAggregate(read, pushed.remap(readFromScan)
          .withFilterColumns(filterColumns), readCondition, agg.getRowType()));
    }
  }
}
