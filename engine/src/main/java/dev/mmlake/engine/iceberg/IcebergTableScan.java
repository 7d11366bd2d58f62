package dev.mmlake.engine.iceberg;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.iceberg.expressions.Expression;

/**
 * A scan of a lakehouse table with the columns it reads and the filter conjuncts pushed into it.
 * Filters refer to the table's columns (they are pushed before any projection) and prune files,
 * row groups and rows; whatever the scan cannot evaluate exactly stays in a filter above it.
 * A scan may also compute an aggregate over the columns it reads ({@link ScanAggregate}): its
 * rows are then the aggregate's.
 */
public final class IcebergTableScan extends TableScan implements IcebergRel {
  private final IcebergTable table;
  private final int[] projects;
  private final List<RexNode> filters;
  private final ScanAggregate aggregate;
  private final RexNode condition;
  private final RelDataType aggregateRowType;

  IcebergTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable relOptTable,
      IcebergTable table, int[] projects, List<RexNode> filters) {
    this(cluster, traits, relOptTable, table, projects, filters, null, null, null);
  }

  private IcebergTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable relOptTable,
      IcebergTable table, int[] projects, List<RexNode> filters, ScanAggregate aggregate,
      RexNode condition, RelDataType aggregateRowType) {
    super(cluster, traits, List.of(), relOptTable);
    this.table = table;
    this.projects = projects;
    this.filters = List.copyOf(filters);
    this.aggregate = aggregate;
    this.condition = condition;
    this.aggregateRowType = aggregateRowType;
  }

  public IcebergTable icebergTable() {
    return table;
  }

  /** The table columns this scan returns, in order; null for all of them. */
  int[] projects() {
    return projects;
  }

  /** Conjuncts over the table's columns that the scan applies while reading. */
  List<RexNode> filters() {
    return filters;
  }

  /** {@link #filters()} as the Iceberg expression the scan plans and reads with. */
  Expression icebergFilter() {
    return new IcebergFilters(table.schema()).translateAll(filters);
  }

  /** The aggregate this scan computes over the columns it reads, or null. */
  ScanAggregate aggregate() {
    return aggregate;
  }

  /**
   * The condition over the read columns that rows must meet to be aggregated (the pushed Filter's,
   * evaluated exactly), or null.
   */
  RexNode condition() {
    return condition;
  }

  /** The names of the columns this scan reads (its output columns unless it aggregates). */
  List<String> columnNames() {
    List<String> names = new ArrayList<>();
    for (RelDataTypeField f : readRowType().getFieldList()) {
      names.add(f.getName());
    }
    return names;
  }

  IcebergTableScan withProjects(int[] newProjects) {
    return new IcebergTableScan(getCluster(), traitSet, getTable(), table, newProjects, filters);
  }

  IcebergTableScan withFilters(List<RexNode> newFilters) {
    return new IcebergTableScan(getCluster(), traitSet, getTable(), table, projects, newFilters);
  }

  /**
   * This scan reading the table columns {@code read} and returning the rows of
   * {@code newAggregate} over those that meet {@code newCondition} (over the read columns; null:
   * all), typed {@code rowType} (the replaced Aggregate's).
   */
  IcebergTableScan withAggregate(int[] read, ScanAggregate newAggregate, RexNode newCondition,
      RelDataType rowType) {
    return new IcebergTableScan(getCluster(), traitSet, getTable(), table, read, filters,
        newAggregate, newCondition, rowType);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new IcebergTableScan(getCluster(), traitSet, getTable(), table, projects, filters,
        aggregate, condition, aggregateRowType);
  }

  @Override
  public RelDataType deriveRowType() {
    return aggregate != null ? aggregateRowType : readRowType();
  }

  /** The row type of the columns this scan reads. */
  RelDataType readRowType() {
    RelDataType full = getTable().getRowType();
    if (projects == null) {
      return full;
    }
    RelDataTypeFactory.Builder b = getCluster().getTypeFactory().builder();
    for (int p : projects) {
      b.add(full.getFieldList().get(p));
    }
    return b.build();
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    // The snapshot is part of the digest: a time-travel scan must not merge with a current one.
    return super.explainTerms(pw)
        .itemIf("snapshot", table.snapshotId(), table.snapshotId() != null)
        .itemIf("projects", projects == null ? null : toList(projects), projects != null)
        .itemIf("filters", filters, !filters.isEmpty())
        .itemIf("aggregate", aggregate, aggregate != null)
        .itemIf("where", condition, condition != null);
  }

  private static List<Integer> toList(int[] a) {
    List<Integer> l = new ArrayList<>();
    for (int i : a) {
      l.add(i);
    }
    return l;
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double columns = getTable().getRowType().getFieldCount();
    double share = projects == null ? 1.0 : Math.max(1, projects.length) / Math.max(1, columns);
    double filtered = filters.isEmpty() ? 1.0 : 0.5;
    return super.computeSelfCost(planner, mq).multiplyBy(0.1 + 0.9 * share * filtered);
  }

  /**
   * The snapshot's row count ({@link IcebergTable#getStatistic}) times the selectivity of the
   * pushed filter conjuncts ({@link IcebergRelMetadata}: column statistics where Iceberg has
   * them, else Calcite's guesses); for a pushed aggregate one row without GROUP BY, else the
   * distinct values of the GROUP BY columns where Iceberg knows them, else a tenth of the rows.
   */
  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    double rows = super.estimateRowCount(mq);
    double read = filters.isEmpty() ? rows
        : Math.max(1, rows * IcebergRelMetadata.selectivity(table, filters));
    if (aggregate == null) {
      return read;
    }
    int[] groups = aggregate.groups();
    if (groups.length == 0) {
      return 1;
    }
    int[] groupColumns = new int[groups.length];
    for (int i = 0; i < groups.length; i++) {
      groupColumns[i] = projects[groups[i]];
    }
    Double distinct = IcebergRelMetadata.distinctRows(table, groupColumns);
    return Math.max(1, Math.min(read, distinct != null ? distinct : read * 0.1));
  }

  @Override
  public void register(RelOptPlanner planner) {
    IcebergRules.register(planner);
  }
}
