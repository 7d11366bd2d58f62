package dev.mmlake.engine.iceberg;

import dev.mmlake.engine.exec.ScanStats;
import dev.mmlake.engine.iceberg.columnar.ColumnBatch;
import dev.mmlake.engine.iceberg.columnar.ColumnarParquetReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
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
import org.apache.iceberg.data.InternalRecordWrapper;
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
 * <p>Plain Parquet files are read by the {@link ColumnarParquetReader} (batches of primitive
 * buffers, the filter checked per batch) on up to {@code scan.threads} threads; files with delete
 * files or columns it does not decode go through the {@link FileRowReader} (Iceberg's generic
 * reader), which also serves as the baseline when {@code scan.reader=generic}.
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
  private int threads = 1;
  private boolean columnar;
  private boolean columnStats;
  /** The planned files, once per scan; {@link #tasks} splits big ones for parallel reads. */
  private List<FileScanTask> files;
  private List<FileScanTask> tasks;

  /**
   * Reads with up to {@code threads} tasks at once, and with the columnar Parquet reader when
   * {@code columnar} (else Iceberg's generic reader for every file).
   */
  public IcebergScan readWith(int threads, boolean columnar) {
    this.threads = Math.max(1, threads);
    this.columnar = columnar;
    return this;
  }

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

  private static final Comparator<FileScanTask> TASK_ORDER = Comparator
      .comparing((FileScanTask t) -> t.file().dataSequenceNumber(),
          Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(t -> t.file().location())
      .thenComparingLong(FileScanTask::start);

  /**
   * Plans with every column's statistics in the planned files (for answers from manifest
   * statistics); call before {@link #files()}.
   */
  public IcebergScan withColumnStats() {
    this.columnStats = true;
    return this;
  }

  /**
   * The files to read, planned once per scan; files whose statistics exclude the filter are not
   * listed.
   */
  public List<FileScanTask> files() {
    if (files == null) {
      files = planFiles();
    }
    return files;
  }

  private List<FileScanTask> tasks() {
    if (tasks == null) {
      tasks = split(files());
    }
    return tasks;
  }

  private List<FileScanTask> planFiles() {
    Snapshot snapshot = snapshotId != null ? table.snapshot(snapshotId) : table.currentSnapshot();
    if (snapshot == null) {
      if (snapshotId != null) {
        planWithIceberg(); // Iceberg's own error for an unknown snapshot
      }
      return List.of();
    }
    List<FileScanTask> tasks = new ArrayList<>(PlannedFiles.get(table, snapshot.snapshotId(),
        readSchema, filter, columnStats, this::planWithIceberg));
    if (fileFilter != null) {
      tasks.removeIf(fileFilter.negate());
    }
    stats.filesSkipped(Math.max(0, totalFiles(snapshot) - tasks.size()));
    return tasks;
  }

  /**
   * Iceberg's plan, in a fixed order: Iceberg plans manifests in parallel, so the tasks are
   * sorted (commit order, then file and offset) so that a query without ORDER BY returns rows in
   * the same order every time. A file filter sees the tasks in this order (DELETE relies on it).
   */
  private List<FileScanTask> planWithIceberg() {
    TableScan scan = table.newScan().project(readSchema).filter(filter).caseSensitive(false);
    if (columnStats) {
      scan = scan.includeColumnStats();
    }
    if (snapshotId != null) {
      scan = scan.useSnapshot(snapshotId);
    }
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> it = scan.planFiles()) {
      it.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tasks.sort(TASK_ORDER);
    return tasks;
  }

  private static long totalFiles(Snapshot s) {
    if (s == null || s.summary() == null) {
      return 0;
    }
    String n = s.summary().get("total-data-files");
    return n == null ? 0 : Long.parseLong(n);
  }

  /**
   * The rows of the planned files, converted to Calcite's representation in projected order.
   * Files are planned once, however often the rows are enumerated (the inner side of a nested
   * loop); files bigger than {@link #SPLIT_BYTES} are split at row-group boundaries so that
   * several threads can read one file.
   */
  public Enumerable<Object[]> rows() {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new ParallelScan(tasks(), threads, IcebergScan.this::readTask, stats);
      }
    };
  }

  /**
   * The planned files as {@link ColumnBatch}es, in the same order and with the same file and row
   * counts as {@link #rows()}: Parquet files the columnar reader decodes keep its primitive
   * buffers, other files (delete files, unsupported columns, the generic reader) become batches
   * over their rows. The rows that meet {@code condition} (null: all) are selected, then the
   * columns {@code outputs} and {@code OFFSET/FETCH} applied.
   */
  ScanBatches batches(ScanCondition condition, int[] outputs, long offset, long fetch) {
    return new ScanBatches(new ParallelReads<>(tasks(), threads, this::readTaskBatches,
        ColumnBatch::estimatedBytes, stats),
        condition, outputs, offset, fetch);
  }

  /** Target size of the pieces a big data file is read in. */
  static final long SPLIT_BYTES = 32L << 20;

  private List<FileScanTask> split(List<FileScanTask> tasks) {
    if (threads == 1) {
      return tasks;
    }
    List<FileScanTask> out = new ArrayList<>();
    for (FileScanTask t : tasks) {
      if (t.file().fileSizeInBytes() > SPLIT_BYTES && t.deletes().isEmpty()) {
        t.split(SPLIT_BYTES).forEach(out::add);
      } else {
        out.add(t);
      }
    }
    return out;
  }

  private long readTask(FileScanTask task, ColumnarParquetReader.BatchSink sink)
      throws IOException {
    if (columnar) {
      try {
        return new ColumnarParquetReader(table, readSchema, projected.columns().size())
            .read(task, sink);
      } catch (ColumnarParquetReader.UnsupportedTaskException e) {
        // nested, uuid or fixed columns, delete files, files without field ids: generic reader
      }
    }
    return readGeneric(task, sink);
  }

  private long readTaskBatches(FileScanTask task, Consumer<ColumnBatch> sink) throws IOException {
    int width = projected.columns().size();
    if (columnar) {
      try {
        return new ColumnarParquetReader(table, readSchema, width).readBatches(task, sink::accept);
      } catch (ColumnarParquetReader.UnsupportedTaskException e) {
        // read below with the generic reader, as rows() does
      }
    }
    return readGeneric(task, (rows, count) -> sink.accept(ColumnBatch.ofRows(rows, count, width)));
  }

  private long readGeneric(FileScanTask task, ColumnarParquetReader.BatchSink sink)
      throws IOException {
    int width = projected.columns().size();
    UnaryOperator<Object>[] converters = converters();
    long read = 0;
    Object[][] batch = new Object[ColumnarParquetReader.BATCH_ROWS][];
    int n = 0;
    // the filter compares Iceberg's internal values (epoch days and microseconds), the generic
    // records hold java.time values
    InternalRecordWrapper internal = rowFilter == null ? null
        : new InternalRecordWrapper(readSchema.asStruct());
    try (CloseableIterable<Record> records = reader.open(table, task, readSchema)) {
      for (Record r : records) {
        read++;
        if (rowFilter != null && !rowFilter.eval(internal.wrap(r))) {
          continue;
        }
        Object[] row = new Object[width];
        for (int i = 0; i < width; i++) {
          row[i] = converters[i].apply(r.get(i));
        }
        batch[n++] = row;
        if (n == batch.length) {
          sink.accept(batch, n);
          batch = new Object[ColumnarParquetReader.BATCH_ROWS][];
          n = 0;
        }
      }
    }
    if (n > 0) {
      sink.accept(batch, n);
    }
    return read;
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
}
