package dev.mmlake.engine.iceberg;

import dev.mmlake.engine.exec.ScanStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * A planned scan of one Iceberg table at one snapshot: which columns, which filter, and the data
 * files left after Iceberg pruned by partition and column statistics.
 *
 * <p>Rows are produced per file by a {@link FileRowReader}; the generic Parquet reader is the
 * default and a vectorized reader can replace it without touching planning or the SQL layer.
 */
public final class IcebergScan {
  private final Table table;
  private final Long snapshotId;
  private final Schema projected;
  private final Expression filter;
  private final FileRowReader reader;
  private final ScanStats stats;

  public IcebergScan(Table table, Long snapshotId, Schema projected, Expression filter,
      FileRowReader reader, ScanStats stats) {
    this.table = table;
    this.snapshotId = snapshotId;
    this.projected = projected;
    this.filter = filter;
    this.reader = reader;
    this.stats = stats;
    this.readSchema = withFilterColumns(table, snapshotId, projected, filter);
    this.rowFilter = filter.op() == Expression.Operation.TRUE ? null
        : new Evaluator(readSchema.asStruct(), filter, false);
  }

  private final Schema readSchema;
  private final Evaluator rowFilter;
  private Predicate<FileScanTask> fileFilter;

  /** Reads only the planned files {@code filter} accepts; null: all of them. */
  public IcebergScan fileFilter(Predicate<FileScanTask> filter) {
    this.fileFilter = filter;
    return this;
  }

  /**
   * The projected columns followed by any other column the filter needs, so rows can be filtered
   * while reading (the filter is implied by the query's own, so this only drops rows Calcite
   * would drop too).
   */
  private static Schema withFilterColumns(Table table, Long snapshotId, Schema projected,
      Expression filter) {
    if (filter.op() == Expression.Operation.TRUE) {
      return projected;
    }
    Schema full = snapshotId == null ? table.schema() : table.schemas().getOrDefault(
        table.snapshot(snapshotId).schemaId(), table.schema());
    Set<Integer> ids;
    try {
      ids = Binder.boundReferences(full.asStruct(), List.of(filter), false);
    } catch (ValidationException e) {
      // a time-travel scan read with today's columns (FOR SYSTEM_TIME AS OF) filters on them
      full = table.schema();
      ids = Binder.boundReferences(full.asStruct(), List.of(filter), false);
    }
    List<Types.NestedField> fields = new ArrayList<>(projected.columns());
    for (Integer id : ids) {
      if (projected.findField(id) == null) {
        fields.add(full.findField(id));
      }
    }
    return new Schema(fields);
  }

  /** Plans the files to read; files whose statistics exclude the filter are not listed. */
  public List<FileScanTask> planFiles() {
    TableScan scan = table.newScan().project(readSchema).filter(filter).caseSensitive(false);
    if (snapshotId != null) {
      scan = scan.useSnapshot(snapshotId);
    } else if (table.currentSnapshot() == null) {
      return List.of();
    }
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> it = scan.planFiles()) {
      it.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (fileFilter != null) {
      tasks.removeIf(fileFilter.negate());
    }
    long total = snapshotId != null ? totalFiles(table.snapshot(snapshotId))
        : totalFiles(table.currentSnapshot());
    stats.filesSkipped(Math.max(0, total - tasks.size()));
    return tasks;
  }

  private static long totalFiles(Snapshot s) {
    if (s == null || s.summary() == null) {
      return 0;
    }
    String n = s.summary().get("total-data-files");
    return n == null ? 0 : Long.parseLong(n);
  }

  /** The rows of the planned files, converted to Calcite's representation in projected order. */
  public Enumerable<Object[]> rows() {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new RowEnumerator(planFiles());
      }
    };
  }

  @SuppressWarnings("unchecked")
  private UnaryOperator<Object>[] converters() {
    UnaryOperator<Object>[] out =
        new UnaryOperator[projected.columns().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = IcebergTypes.converterFor(projected.columns().get(i).type());
    }
    return out;
  }

  private final class RowEnumerator implements Enumerator<Object[]> {
    private final List<FileScanTask> tasks;
    private final int width = projected.columns().size();
    private final UnaryOperator<Object>[] converters = converters();
    private int next;
    private CloseableIterable<Record> open;
    private Iterator<Record> it;
    private Object[] current;
    private long rows;

    RowEnumerator(List<FileScanTask> tasks) {
      this.tasks = tasks;
    }

    @Override
    public Object[] current() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public boolean moveNext() {
      while (true) {
        while (it == null || !it.hasNext()) {
          closeOpen();
          if (next >= tasks.size()) {
            current = null;
            return false;
          }
          FileScanTask task = tasks.get(next++);
          stats.fileScanned();
          open = reader.open(table, task, readSchema);
          it = open.iterator();
        }
        Record r = it.next();
        rows++;
        if (rowFilter != null && !rowFilter.eval(r)) {
          continue;
        }
        Object[] row = new Object[width];
        for (int i = 0; i < width; i++) {
          row[i] = converters[i].apply(r.get(i));
        }
        current = row;
        return true;
      }
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("Iceberg scans cannot be reset; re-run the query");
    }

    @Override
    public void close() {
      closeOpen();
      stats.rowsRead(rows);
      rows = 0;
    }

    private void closeOpen() {
      if (open != null) {
        try {
          open.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        open = null;
        it = null;
      }
    }
  }
}
