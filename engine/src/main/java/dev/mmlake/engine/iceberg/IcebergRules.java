package dev.mmlake.engine.iceberg;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
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
  static final RelOptRule AGGREGATE = new AggregateRule(false);
  static final RelOptRule AGGREGATE_OVER_PROJECT = new AggregateRule(true);

  static void register(RelOptPlanner planner) {
    planner.addRule(TO_ENUMERABLE);
    planner.addRule(FILTER);
    planner.addRule(PROJECT);
    planner.addRule(PROJECT_FILTER);
    planner.addRule(AGGREGATE);
    planner.addRule(AGGREGATE_OVER_PROJECT);
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
   * projection of plain columns, into the scan. The scan then answers COUNT/MIN/MAX without GROUP
   * BY from manifest statistics when they are exact, and otherwise aggregates the rows it reads
   * ({@link IcebergTable#aggregate}).
   *
   * <p>Only a scan without a filter qualifies: a pushed filter only prunes, and Calcite's Filter
   * above the scan decides which rows count, so an aggregate above that Filter never matches.
   */
  static final class AggregateRule extends RelOptRule {
    @SuppressWarnings("deprecation")
    AggregateRule(boolean withProject) {
      super(withProject
          ? operand(LogicalAggregate.class, operand(LogicalProject.class,
              operand(IcebergTableScan.class, none())))
          : operand(LogicalAggregate.class, operand(IcebergTableScan.class, none())),
          withProject ? "IcebergAggregateRule(project)" : "IcebergAggregateRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Aggregate agg = call.rel(0);
      IcebergTableScan scan = call.rel(call.rels.length - 1);
      if (scan.aggregate() != null || !scan.filters().isEmpty()) {
        return;
      }
      int inputs = agg.getInput().getRowType().getFieldCount();
      int[] inputToScan = new int[inputs];
      for (int i = 0; i < inputs; i++) {
        if (call.rels.length == 2) {
          inputToScan[i] = i;
        } else {
          RexNode e = ((Project) call.rel(1)).getProjects().get(i);
          inputToScan[i] = e instanceof RexInputRef ref ? ref.getIndex() : -1;
        }
      }
      ScanAggregate pushed = ScanAggregate.of(agg, inputToScan, scan.getRowType());
      if (pushed == null) {
        return;
      }
      int[] used = pushed.usedColumns();
      // COUNT(*) alone still reads one column when statistics cannot answer it
      int[] readFromScan = used.length == 0 ? new int[] {0} : used;
      int[] read = new int[readFromScan.length];
      for (int i = 0; i < read.length; i++) {
        read[i] = scan.projects() == null ? readFromScan[i] : scan.projects()[readFromScan[i]];
      }
      call.transformTo(scan.withAggregate(read, pushed.remap(readFromScan), agg.getRowType()));
    }
  }
}
