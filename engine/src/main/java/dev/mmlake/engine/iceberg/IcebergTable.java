package dev.mmlake.engine.iceberg;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.engine.exec.ScanStats;
import dev.mmlake.engine.exec.StatementScope;
import dev.mmlake.engine.exec.StatementScopes;
import dev.mmlake.engine.iceberg.columnar.ColumnBatch;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.AbstractQueryableTable;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.linq4j.function.Predicate1;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TemporalTable;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTableQueryable;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PropertyUtil;

/**
 * An Iceberg table as Calcite sees it: scans push projections and filters into Iceberg, and INSERT
 * appends through the statement's pending append. A table pinned to a snapshot (time travel) is
 * read-only.
 */
public final class IcebergTable extends AbstractQueryableTable
    implements TranslatableTable, ModifiableTable, TemporalTable {
  private final Lakehouse lakehouse;
  private final TableIdentifier id;
  private final Table table;
  private final Long snapshotId;
  private final Schema schema;
  /** The statement that loaded {@link #table}; a later statement (prepared SQL) refreshes it. */
  private volatile StatementScope loadedIn;
  private final StatementScopes scopes;
  /** Which planned files scans read (null: all); also sees every file a scan plans. */
  private Predicate<FileScanTask> fileFilter;
  /** Why this table cannot be read (a time-travel time it did not exist at), or null. */
  private RuntimeException unreadable;
  private IcebergColumnStatistics columnStatistics;

  public IcebergTable(Lakehouse lakehouse, TableIdentifier id, Table table, Long snapshotId,
      StatementScopes scopes) {
    this(lakehouse, id, table, snapshotId, scopes,
        snapshotId == null ? table.schema() : schemaAt(table, snapshotId));
  }

  private IcebergTable(Lakehouse lakehouse, TableIdentifier id, Table table, Long snapshotId,
      StatementScopes scopes, Schema schema) {
    super(Object[].class);
    this.scopes = scopes;
    this.loadedIn = scopes.current();
    this.lakehouse = lakehouse;
    this.id = id;
    this.table = table;
    this.snapshotId = snapshotId;
    this.schema = schema;
  }

  private static Schema schemaAt(Table table, long snapshotId) {
    Snapshot s = table.snapshot(snapshotId);
    Integer schemaId = s == null ? null : s.schemaId();
    return schemaId != null && table.schemas().containsKey(schemaId)
        ? table.schemas().get(schemaId) : table.schema();
  }

  public TableIdentifier identifier() {
    return id;
  }

  public Table icebergTable() {
    return table;
  }

  public Long snapshotId() {
    return snapshotId;
  }

  /**
   * This table with scans limited to the planned files {@code filter} accepts (DELETE uses it to
   * find and read the files that hold matching rows). COUNT(*) is then always counted by reading.
   */
  public IcebergTable withFileFilter(Predicate<FileScanTask> filter) {
    IcebergTable t = new IcebergTable(lakehouse, id, table, snapshotId, scopes, schema);
    t.fileFilter = filter;
    return t;
  }

  /**
   * This table as a scan that fails with {@code error} when it runs: planner rules must not throw,
   * so a time-travel error is raised at execution. The digest shows {@code snapshot=[-1]}.
   */
  IcebergTable failing(RuntimeException error) {
    IcebergTable t = new IcebergTable(lakehouse, id, table, -1L, scopes, schema);
    t.unreadable = error;
    return t;
  }

  /**
   * This table pinned to {@code snapshot} (read-only) with its columns as they are now, for
   * {@code FOR SYSTEM_TIME AS OF}: the query was validated against them; columns added since read
   * as null, renamed ones by field id.
   */
  IcebergTable atSnapshot(long snapshot) {
    return new IcebergTable(lakehouse, id, table, snapshot, scopes, schema);
  }

  /**
   * Calcite asks temporal tables for period columns; Iceberg tables have none: the period is the
   * snapshot history, resolved by {@link IcebergSnapshotRule}.
   */
  @Override
  public String getSysStartFieldName() {
    return "";
  }

  @Override
  public String getSysEndFieldName() {
    return "";
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return IcebergTypes.rowType(schema, typeFactory);
  }

  @Override
  public Statistic getStatistic() {
    Snapshot s = snapshotId == null ? table.currentSnapshot() : table.snapshot(snapshotId);
    double rows = 0;
    if (s != null && s.summary() != null && s.summary().get("total-records") != null) {
      rows = Double.parseDouble(s.summary().get("total-records"));
    }
    return Statistics.of(rows, List.of());
  }

  /** Column statistics of this table's snapshot for the planner, loaded on first use. */
  synchronized IcebergColumnStatistics columnStatistics() {
    if (columnStatistics == null) {
      columnStatistics = new IcebergColumnStatistics(table,
          unreadable != null ? null : snapshotId);
    }
    return columnStatistics;
  }

  /** The Iceberg schema of this table at its snapshot. */
  public Schema schema() {
    return schema;
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    RelOptCluster cluster = context.getCluster();
    return new IcebergTableScan(cluster, cluster.traitSetOf(IcebergRel.CONVENTION), relOptTable,
        this, null, List.of());
  }

  /**
   * Rows of the named columns that may match {@code filter}; called by the code generated for an
   * {@link IcebergTableScan}. Rows that fail the filter may be returned: the plan checks them.
   */
  public Enumerable<Object[]> scan(DataContext root, List<String> columns, Expression filter) {
    return newScan(columns, filter).rows();
  }

  /** {@link #scan} of one column, each row as the bare value. */
  public Enumerable<Object> scanSingleColumn(DataContext root, List<String> columns,
      Expression filter) {
    return newScan(columns, filter).rows().select(row -> row[0]);
  }

  /** A scan of the named columns with an Iceberg filter, at this table's snapshot. */
  public IcebergScan newScan(List<String> columns, Expression filter) {
    Schema projected = projection(columns);
    ScanStats stats = beginRead();
    return new IcebergScan(table, snapshotId, projected, filter, GenericFileRowReader.INSTANCE,
        stats).fileFilter(fileFilter).readWith(scanThreads(), columnarReads());
  }

  /**
   * Refreshes the table for a plan prepared by an earlier statement, records the read snapshot
   * in the statement, and returns the statement's scan counters.
   */
  private ScanStats beginRead() {
    if (unreadable != null) {
      throw unreadable;
    }
    refreshForStatement();
    StatementScope scope = scopes.current();
    ScanStats stats = scope != null ? scope.scanStats() : new ScanStats();
    if (scope != null) {
      Snapshot current = table.currentSnapshot();
      scope.recordRead(id, snapshotId != null ? snapshotId
          : current == null ? -1 : current.snapshotId());
    }
    return stats;
  }

  /**
   * Refreshes {@link #icebergTable()} to the catalog's current metadata once per statement: a
   * prepared plan outlives the statement that loaded the table, and a plan cache checks the table
   * before the scan reads it in the same statement. A table pinned to a snapshot is not refreshed.
   */
  public void refreshForStatement() {
    StatementScope current = scopes.current();
    if (snapshotId == null && current != loadedIn) {
      table.refresh();
      loadedIn = current;
    }
  }

  /**
   * The rows of {@code aggregate} over the rows of the named columns that meet {@code condition}
   * (null: all rows); called by the code generated for an {@link IcebergTableScan} with a pushed
   * aggregate. {@code filter} (implied by the condition) prunes files. COUNT/MIN/MAX without
   * GROUP BY are answered from manifest statistics when they are exact at this table's snapshot
   * (no data file is opened); otherwise the rows are read and aggregated by
   * {@link ScanAggregation}: from column batches when there is no condition or
   * {@code batchCondition} (a {@link ScanCondition}, typed Object for the generated code, or
   * null) evaluates it exactly, else from the rows that meet {@code condition}. Decided when the
   * query runs, so a prepared plan stays right after later commits.
   */
  public Enumerable<Object[]> aggregate(DataContext root, List<String> columns,
      ScanAggregate aggregate, Expression filter, Predicate1<Object[]> condition,
      Object batchCondition) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return Linq4j.<Object[]>enumerator(aggregateRows(columns, aggregate, filter, condition,
            (ScanCondition) batchCondition));
      }
    };
  }

  /** {@link #aggregate} with one output column, each row as the bare value. */
  public Enumerable<Object> aggregateSingleColumn(DataContext root, List<String> columns,
      ScanAggregate aggregate, Expression filter, Predicate1<Object[]> condition,
      Object batchCondition) {
    return aggregate(root, columns, aggregate, filter, condition, batchCondition)
        .select(row -> row[0]);
  }

  private List<Object[]> aggregateRows(List<String> columns, ScanAggregate aggregate,
      Expression filter, Predicate1<Object[]> condition, ScanCondition batchCondition) {
    IcebergScan scan = newScan(columns, filter);
    if (fileFilter == null && aggregate.answerableFromMetadata()) {
      // one planning for both ways: the rows are read from the same planned files if need be
      Optional<Object[]> answer = new ManifestAggregation(table, schema)
          .answer(columns, aggregate, scan.withColumnStats().files(), condition);
      if (answer.isPresent()) {
        return List.<Object[]>of(answer.get());
      }
    }
    ScanAggregation aggregation = new ScanAggregation(aggregate);
    if (condition == null || batchCondition != null) {
      // no row condition, or one evaluated exactly on column batches: no rows are made
      try (ScanBatches batches = scan.batches(batchCondition, null, 0, -1)) {
        for (ColumnBatch b = batches.next(); b != null; b = batches.next()) {
          aggregation.accept(b);
        }
      }
      return aggregation.result();
    }
    try (Enumerator<Object[]> rows = scan.rows().enumerator()) {
      while (rows.moveNext()) {
        Object[] row = rows.current();
        if (condition == null || condition.apply(row)) {
          aggregation.accept(row);
        }
      }
    }
    return aggregation.result();
  }

  /** {@code scan.threads}: tasks one scan reads at once (default: the machine's cores). */
  private int scanThreads() {
    String v = lakehouse.config().get("scan.threads", "");
    if (v.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new MmlakeException(ErrorCode.INVALID_ARGUMENT, "scan.threads must be a whole number "
        + ">= 1, got '" + v + "'; unset it to use every core");
  }

  /** {@code scan.reader}: columnar (default) or generic (Iceberg's row reader, the baseline). */
  private boolean columnarReads() {
    String v = lakehouse.config().get("scan.reader", "columnar").trim().toLowerCase(Locale.ROOT);
    if (!v.equals("columnar") && !v.equals("generic")) {
      throw new MmlakeException(ErrorCode.INVALID_ARGUMENT, "scan.reader must be columnar or "
          + "generic, got '" + v + "'");
    }
    return v.equals("columnar");
  }

  private Schema projection(List<String> columns) {
    List<Types.NestedField> fields = new ArrayList<>();
    for (String c : columns) {
      fields.add(schema.findField(c));
    }
    return new Schema(fields);
  }

  @Override
  public Collection<?> getModifiableCollection() {
    if (snapshotId != null) {
      throw new UnsupportedStatementException("Cannot write to " + id + " at snapshot " + snapshotId
          + ": time-travel references are read-only; write to " + id + " itself");
    }
    StatementScope scope = scopes.current();
    if (scope == null) {
      throw new IllegalStateException(
          "INSERT must run through an mmlake session (Engine.newSession) so it can commit");
    }
    scope.mainTable(id);
    TableAppender appender = scope.appender(id, table);
    ExistingKeys existing = null;
    if (skipsExistingIds()) {
      existing = scope.existingKeys(id, () -> new ExistingKeys(table, schema));
      appender.uniqueOn(existing.columns(), existing.snapshotId());
    }
    IcebergInsertCollection rows =
        new IcebergInsertCollection(scope, id, appender, schema, existing);
    if (existing != null) {
      scope.beforeCommit(rows::flush);
    }
    return rows;
  }

  /**
   * True when the table asks for insert-if-absent ({@link LakeTables#SKIP_EXISTING_IDS}); it must
   * then have identifier fields to say what "existing" means.
   */
  private boolean skipsExistingIds() {
    if (!PropertyUtil.propertyAsBoolean(table.properties(), LakeTables.SKIP_EXISTING_IDS, false)) {
      return false;
    }
    if (schema.identifierFieldIds().isEmpty()) {
      throw new MmlakeException(ErrorCode.VALIDATION_ERROR, "Table %s has %s=true but no "
          + "identifier fields, so no row can be recognised as existing; set identifier fields "
          + "or remove the property", id, LakeTables.SKIP_EXISTING_IDS);
    }
    return true;
  }

  @Override
  public TableModify toModificationRel(RelOptCluster cluster, RelOptTable relOptTable,
      Prepare.CatalogReader catalogReader, RelNode child, TableModify.Operation operation,
      List<String> updateColumnList, List<RexNode> sourceExpressionList, boolean flattened) {
    if (operation != TableModify.Operation.INSERT) {
      throw new UnsupportedStatementException(operation + " on " + id
          + " is not supported through this path; mmlake supports INSERT and DELETE ... WHERE");
    }
    return LogicalTableModify.create(relOptTable, catalogReader, child, operation,
        updateColumnList, sourceExpressionList, flattened);
  }

  @Override
  public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema,
      String tableName) {
    // Used only when the planner picks a plain enumerable scan: a full scan, still correct.
    return new AbstractTableQueryable<T>(queryProvider, schema, this,
        tableName) {
      @SuppressWarnings("unchecked")
      @Override
      public Enumerator<T> enumerator() {
        return (Enumerator<T>) IcebergTable.this.newScan(allColumns(),
            Expressions.alwaysTrue()).rows().enumerator();
      }
    };
  }

  private List<String> allColumns() {
    List<String> names = new ArrayList<>();
    for (Types.NestedField f : schema.columns()) {
      names.add(f.name());
    }
    return names;
  }

  @Override
  public Type getElementType() {
    return Object[].class;
  }

  /** Thrown for SQL that mmlake recognises but does not support ({@link ErrorCode#UNSUPPORTED}). */
  public static final class UnsupportedStatementException extends MmlakeException {
    public UnsupportedStatementException(String message) {
      super(ErrorCode.UNSUPPORTED, message);
    }
  }
}
