package dev.mmlake.engine.maintain;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.dedup.MetricsWriter;
import dev.mmlake.engine.exec.StatementScopes;
import dev.mmlake.error.InvalidArgumentException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Parameter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The steps of {@code mmlake maintain} as SQL procedures, named after Iceberg's Spark procedures:
 * table functions that run one step when scanned, e.g.
 * {@code CALL expire_snapshots('lake.items', '7d')} or
 * {@code SELECT * FROM TABLE(REMOVE_ORPHAN_FILES(table_name => 'lake.items', dry_run => TRUE))}.
 * A NULL (or omitted) table means every table; a NULL (or omitted) duration the configured one
 * ({@link MaintainOptions}). Each returns one row per count it made ({@code target, metric,
 * amount, note} with a NULL note), then one row per thing it skipped (metric {@code note}); the
 * counts also go to {@code obs.metrics} (stage {@code maintain}) with the statement's other side
 * writes, unless a dry run.
 */
public final class MaintenanceProcedures {
  private MaintenanceProcedures() {
  }

  /** {@code EXPIRE_SNAPSHOTS(table_name, older_than, retain_last, dry_run)}. */
  public static ScannableTable expireSnapshots(
      @Parameter(name = "table_name", optional = true) String table,
      @Parameter(name = "older_than", optional = true) String olderThan,
      @Parameter(name = "retain_last", optional = true) Integer retainLast,
      @Parameter(name = "dry_run", optional = true) Boolean dryRun) {
    checkDuration(olderThan, "EXPIRE_SNAPSHOTS older_than");
    return new ProcedureTable(defaults -> new MaintainOptions(
        duration(olderThan, defaults.snapshotRetention(), "EXPIRE_SNAPSHOTS older_than"),
        retainLast == null ? defaults.retainLast() : retainLast, defaults.orphanGrace(),
        defaults.blobGrace(), defaults.runsRetention(), null, tables(table),
        List.of(MaintainOptions.Step.EXPIRE), Boolean.TRUE.equals(dryRun)));
  }

  /** {@code REWRITE_DATA_FILES(table_name, target_file_size_bytes, dry_run)}: compaction. */
  public static ScannableTable rewriteDataFiles(
      @Parameter(name = "table_name", optional = true) String table,
      @Parameter(name = "target_file_size_bytes", optional = true) Long targetFileBytes,
      @Parameter(name = "dry_run", optional = true) Boolean dryRun) {
    return new ProcedureTable(defaults -> new MaintainOptions(defaults.snapshotRetention(),
        defaults.retainLast(), defaults.orphanGrace(), defaults.blobGrace(),
        defaults.runsRetention(), targetFileBytes, tables(table),
        List.of(MaintainOptions.Step.COMPACT), Boolean.TRUE.equals(dryRun)));
  }

  /** {@code REMOVE_ORPHAN_FILES(table_name, older_than, dry_run)}. */
  public static ScannableTable removeOrphanFiles(
      @Parameter(name = "table_name", optional = true) String table,
      @Parameter(name = "older_than", optional = true) String olderThan,
      @Parameter(name = "dry_run", optional = true) Boolean dryRun) {
    checkDuration(olderThan, "REMOVE_ORPHAN_FILES older_than");
    return new ProcedureTable(defaults -> new MaintainOptions(defaults.snapshotRetention(),
        defaults.retainLast(),
        duration(olderThan, defaults.orphanGrace(), "REMOVE_ORPHAN_FILES older_than"),
        defaults.blobGrace(), defaults.runsRetention(), null, tables(table),
        List.of(MaintainOptions.Step.ORPHANS), Boolean.TRUE.equals(dryRun)));
  }

  /** {@code GC_BLOBS(older_than, dry_run)}: content-store blobs no row references. */
  public static ScannableTable gcBlobs(
      @Parameter(name = "older_than", optional = true) String olderThan,
      @Parameter(name = "dry_run", optional = true) Boolean dryRun) {
    checkDuration(olderThan, "GC_BLOBS older_than");
    return new ProcedureTable(defaults -> new MaintainOptions(defaults.snapshotRetention(),
        defaults.retainLast(), defaults.orphanGrace(),
        duration(olderThan, defaults.blobGrace(), "GC_BLOBS older_than"),
        defaults.runsRetention(), null, List.of(), List.of(MaintainOptions.Step.BLOBS),
        Boolean.TRUE.equals(dryRun)));
  }

  /**
   * {@code EXPIRE_OBS(older_than, dry_run)}: deletes the rows of {@code obs.metrics},
   * {@code obs.lineage_events} and {@code obs.failures} older than {@code older_than} (default:
   * the {@code obs.retention} setting; unset, nothing is deleted).
   */
  public static ScannableTable expireObs(
      @Parameter(name = "older_than", optional = true) String olderThan,
      @Parameter(name = "dry_run", optional = true) Boolean dryRun) {
    checkDuration(olderThan, "EXPIRE_OBS older_than");
    boolean dry = Boolean.TRUE.equals(dryRun);
    return new ProcedureTable((lakehouse, now) -> {
      MaintainReport report = new MaintainReport(dry);
      Duration retention = olderThan != null
          ? DurationText.parse(olderThan, "EXPIRE_OBS older_than")
          : ObsRetention.configured(lakehouse.config());
      if (retention == null) {
        report.note("obs rows are kept: %s is not set and no older_than was given",
            ObsRetention.RETENTION);
      } else {
        new ObsRetention(lakehouse).expire(now.minus(retention), report);
      }
      return report;
    });
  }

  private static List<String> tables(String table) {
    return table == null || table.isBlank() ? List.of() : List.of(table.trim());
  }

  /** Checks a literal while the statement is planned (a {@code ?} arrives as null then). */
  private static void checkDuration(String text, String what) {
    if (text != null) {
      DurationText.parse(text, what);
    }
  }

  private static Duration duration(String text, Duration otherwise, String what) {
    return text == null ? otherwise : DurationText.parse(text, what);
  }

  /** What a procedure runs, given the configured defaults. */
  private interface OptionsFor {
    MaintainOptions options(MaintainOptions defaults);
  }

  /** What a procedure does as of {@code now}, reported as counts and notes. */
  private interface Work {
    MaintainReport run(Lakehouse lakehouse, Instant now);
  }

  /** The rows of one procedure call, produced when the table is scanned. */
  private static final class ProcedureTable extends AbstractTable implements ScannableTable {
    private final Work work;

    /** A step of {@link Maintenance} with the options {@code step} makes of the defaults. */
    ProcedureTable(OptionsFor step) {
      this((lakehouse, now) -> new Maintenance(lakehouse, line -> { })
          .collect(step.options(MaintainOptions.defaults(lakehouse.config())), now));
    }

    ProcedureTable(Work work) {
      this.work = work;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder()
          .add("target", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), false))
          .add("metric", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), false))
          .add("amount", f.createTypeWithNullability(f.createSqlType(SqlTypeName.BIGINT), true))
          .add("note", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true))
          .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      StatementContext ctx = StatementScopes.of(root).context();
      InvalidArgumentException.check(ctx != null, "Maintenance procedures run inside a statement");
      Instant now = Instant.now();
      MaintainReport report = work.run(ctx.lakehouse(), now);
      if (!report.dryRun()) {
        // committed after the statement's own writes, and not at all if the statement fails
        MetricsWriter.stage(ctx.writes(), ctx.lakehouse(), ctx.runId(), now, report.metrics());
      }
      List<Object[]> rows = new ArrayList<>();
      for (Map.Entry<String, Map<String, Long>> t : report.counts().entrySet()) {
        t.getValue().forEach((metric, value) ->
            rows.add(new Object[] {t.getKey(), metric, value, null}));
      }
      report.notes().forEach(n -> rows.add(new Object[] {"", "note", null, n}));
      return Linq4j.asEnumerable(rows);
    }
  }
}
