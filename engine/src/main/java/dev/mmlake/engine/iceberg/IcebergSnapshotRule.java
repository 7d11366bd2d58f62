package dev.mmlake.engine.iceberg;

import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.error.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.TimestampString;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Plans {@code t FOR SYSTEM_TIME AS OF TIMESTAMP '...'} (a {@link Snapshot} over an
 * {@link IcebergTableScan}) as a scan of the snapshot that was current at that time (UTC), read
 * with the table's current columns (those the query was validated against).
 */
final class IcebergSnapshotRule extends RelOptRule {
  static final IcebergSnapshotRule INSTANCE = new IcebergSnapshotRule(false);
  /** The same over the projection SQL-to-rel conversion may put between the two. */
  static final IcebergSnapshotRule OVER_PROJECT = new IcebergSnapshotRule(true);

  @SuppressWarnings("deprecation")
  private IcebergSnapshotRule(boolean overProject) {
    super(overProject
        ? operand(Snapshot.class, operand(LogicalProject.class,
            operand(IcebergTableScan.class, none())))
        : operand(Snapshot.class, operand(IcebergTableScan.class, none())),
        overProject ? "IcebergSnapshotRule(project)" : "IcebergSnapshotRule");
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Snapshot snapshot = call.rel(0);
    IcebergTableScan scan = call.rel(call.rels.length - 1);
    IcebergTable current = scan.icebergTable();
    IcebergTable pinned;
    try {
      long millis = millis(reduce(call, snapshot.getPeriod()), current);
      pinned = current.atSnapshot(snapshotAt(current, millis));
    } catch (LakehouseException e) {
      pinned = current.failing(e); // rules must not throw: the scan fails when it runs
    }
    RelNode pinnedScan = new IcebergTableScan(scan.getCluster(), scan.getTraitSet(),
        scan.getTable(), pinned, scan.projects(), scan.filters());
    if (call.rels.length == 3) {
      LogicalProject project = call.rel(1);
      call.transformTo(project.copy(project.getTraitSet(), List.of(pinnedScan)));
    } else {
      call.transformTo(pinnedScan);
    }
  }

  /** Folds a constant expression ({@code CURRENT_TIMESTAMP - INTERVAL '1' HOUR}) to a literal. */
  private static RexNode reduce(RelOptRuleCall call, RexNode period) {
    RexExecutor executor = call.getPlanner().getExecutor();
    if (period instanceof RexLiteral || executor == null || !RexUtil.isConstant(period)) {
      return period;
    }
    List<RexNode> reduced = new ArrayList<>();
    try {
      executor.reduce(call.builder().getRexBuilder(), List.of(period), reduced);
    } catch (RuntimeException e) {
      return period;
    }
    return reduced.isEmpty() ? period : reduced.get(0);
  }

  private static long millis(RexNode period, IcebergTable table) {
    if (period instanceof RexLiteral lit) {
      TimestampString ts = lit.getValueAs(TimestampString.class);
      if (ts != null) {
        return ts.getMillisSinceEpoch();
      }
    }
    throw new LakehouseException(ErrorCode.UNSUPPORTED, "FOR SYSTEM_TIME AS OF on %s needs a "
        + "constant timestamp such as TIMESTAMP '2026-12-01 10:00:00' or CURRENT_TIMESTAMP - "
        + "INTERVAL '1' HOUR, not %s",
        table.identifier(), period);
  }

  /** The snapshot of {@code table}'s main branch that was current at {@code millis}. */
  static long snapshotAt(IcebergTable table, long millis) {
    Table t = table.icebergTable();
    try {
      return SnapshotUtil.snapshotIdAsOfTime(t, millis);
    } catch (IllegalArgumentException e) {
      String first = t.history().isEmpty() ? "it has no snapshots yet"
          : "its first snapshot was committed at "
          + Instant.ofEpochMilli(t.history().get(0).timestampMillis());
      throw new LakehouseException(ErrorCode.NOT_FOUND, "Table %s did not exist yet at %s (UTC): "
          + "%s; pick a later time or list its history with SELECT * FROM %s.\"%s$history\"",
          table.identifier(), Instant.ofEpochMilli(millis), first,
          table.identifier().namespace(), table.identifier().name());
    }
  }
}
