package dev.mmlake.engine.iceberg;

import dev.mmlake.catalog.TableAppender;
import dev.mmlake.engine.exec.StatementScope;
import dev.mmlake.error.InvalidArgumentException;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;

/**
 * The collection Calcite's INSERT operator adds rows to. Each row is converted and streamed into
 * the statement's pending Parquet append; the session commits it as one snapshot afterwards.
 * When a source connector feeds the statement, the append is instead committed in checkpoints
 * ({@link IngestCheckpoints}): every N rows or T seconds the pending append is committed as a
 * snapshot of the same run and a new one started, so a crash loses at most one checkpoint and a
 * rerun (insert-if-absent) skips what was committed. Such an INSERT is atomic per checkpoint, not
 * as a whole; a plain INSERT stays atomic.
 * For a table that asks for insert-if-absent ({@code mmlake.write.skip-existing-ids=true}, e.g.
 * {@code lake.items}) rows whose key is already present are skipped and counted, which makes
 * re-ingesting a source idempotent; on any other table every row is inserted. Such rows are held
 * in batches of {@value #KEY_BATCH} so their keys are looked up together ({@link ExistingKeys});
 * {@link #size()} and {@link #flush()} (run by the statement before it commits) write the rest.
 */
final class IcebergInsertCollection extends AbstractCollection<Object> {
  /** Rows held before their keys are looked up together. */
  static final int KEY_BATCH = 1000;

  private final StatementScope scope;
  private final TableIdentifier id;
  private final List<Types.NestedField> fields;
  private final ExistingKeys existing;
  private final List<Object[]> pending = new ArrayList<>();
  private TableAppender appender;
  private IngestCheckpoints checkpoints;
  private Long checkedSnapshotId;
  private long committedRows;
  private long checkpointStart;

  IcebergInsertCollection(StatementScope scope, TableIdentifier id, TableAppender appender,
      Schema schema, ExistingKeys existing) {
    this.scope = scope;
    this.id = id;
    this.appender = appender;
    this.fields = schema.columns();
    this.existing = existing;
    this.checkedSnapshotId = existing == null ? null : existing.snapshotId();
  }

  @Override
  public boolean add(Object row) {
    Object[] values = row instanceof Object[] a ? a : new Object[] {row};
    if (values.length != fields.size()) {
      throw new IllegalArgumentException("INSERT row has " + values.length
          + " values but the table has " + fields.size() + " columns");
    }
    Object[] converted = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      Types.NestedField f = fields.get(i);
      Object v = IcebergTypes.toIcebergValue(values[i], f.type());
      if (v == null && f.isRequired()) {
        throw new InvalidArgumentException("Column " + f.name() + " is NOT NULL; got a null value");
      }
      converted[i] = v;
    }
    if (existing == null) {
      write(converted);
      return true;
    }
    pending.add(converted);
    if (pending.size() >= KEY_BATCH) {
      flush();
    }
    return true;
  }

  /** Writes the held rows whose key is absent and counts the others as skipped. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Object[]> absent = existing.absent(pending);
    scope.skipped(pending.size() - absent.size());
    pending.clear();
    absent.forEach(this::write);
  }

  private void write(Object[] converted) {
    if (checkpoints == null) {
      // decided at the first row: by then the connector's scan has registered itself
      checkpoints = scope.isFedByConnector()
          ? IngestCheckpoints.of(scope.lakehouse().config()) : new IngestCheckpoints(0, 0);
      checkpointStart = System.nanoTime();
    }
    GenericRecord r = appender.newRecord();
    for (int i = 0; i < converted.length; i++) {
      r.set(i, converted[i]);
    }
    appender.add(r);
    if (!checkpoints.disabled()
        && checkpoints.due(appender.rows(), (System.nanoTime() - checkpointStart) / 1_000_000)) {
      checkpoint();
    }
  }

  /**
   * Commits the pending append as one snapshot and continues with a new one. Keys of the next
   * append are re-checked at its commit from the snapshot just committed when no other writer
   * committed in between (the common case, so a long ingest does not re-read its own
   * checkpoints), else from the older snapshot already checked.
   */
  private void checkpoint() {
    long before = appender.rows();
    Table table = appender.table();
    appender = scope.checkpoint(id);
    committedRows += before;
    checkpointStart = System.nanoTime();
    if (existing == null) {
      return;
    }
    Snapshot current = table.currentSnapshot();
    if (current != null && Objects.equals(current.parentId(), checkedSnapshotId)) {
      checkedSnapshotId = current.snapshotId();
    }
    appender.uniqueOn(existing.columns(), checkedSnapshotId);
  }

  @Override
  public Iterator<Object> iterator() {
    return Collections.emptyIterator();
  }

  @Override
  public int size() {
    flush();
    return (int) Math.min(Integer.MAX_VALUE, committedRows + appender.rows());
  }
}
