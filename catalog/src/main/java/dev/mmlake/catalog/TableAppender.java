package dev.mmlake.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/**
 * Streams rows into new Parquet data files of one table and commits them as one snapshot.
 *
 * <p>Contract: rows are invisible until {@link #commit()} returns. If the commit fails, the data
 * files written are deleted and the table stays at its last good snapshot; if its outcome is
 * unknown ({@link CommitOutcomeUnknownException}) they are kept, since the table may reference
 * them. Files roll at {@code rowsPerFile} rows so memory stays bounded. Not thread-safe: one
 * appender per writer.
 *
 * <p>A partitioned table gets one open data file per partition the rows fall into (the table's
 * partition spec when the appender was made), so every file holds the rows of one partition and
 * carries its partition tuple. At most {@value #MAX_OPEN_FILES} files are open at once; writing
 * to one more closes the one written least recently, so rows arriving in no partition order make
 * more, smaller files. An unpartitioned table writes one file at a time.
 */
public final class TableAppender implements AutoCloseable {
  private static final long DEFAULT_ROWS_PER_FILE = 250_000;
  /** Data files a partitioned append keeps open at once. */
  static final int MAX_OPEN_FILES = 32;

  private final Lakehouse lakehouse;
  private final Table table;
  private final List<DataFile> files = new ArrayList<>();
  private final long rowsPerFile;
  private final PartitionSpec spec;
  /** The partition of the row being added; null when the table is unpartitioned. */
  private final PartitionKey partition;
  private final InternalRecordWrapper internal;
  /** Open files by partition (the null key when unpartitioned), least recently written first. */
  private final Map<PartitionKey, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);
  private UniqueAppend unique;
  private long targetFileBytes = Long.MAX_VALUE;
  private long rows;
  private boolean done;

  TableAppender(Lakehouse lakehouse, Table table) {
    this(lakehouse, table, DEFAULT_ROWS_PER_FILE);
  }

  TableAppender(Lakehouse lakehouse, Table table, long rowsPerFile) {
    this.lakehouse = lakehouse;
    this.table = table;
    this.rowsPerFile = rowsPerFile;
    this.spec = table.spec();
    this.partition = spec.isUnpartitioned() ? null : new PartitionKey(spec, table.schema());
    this.internal = partition == null ? null : new InternalRecordWrapper(table.schema().asStruct());
  }

  public Table table() {
    return table;
  }

  /** A new empty record with this table's schema. */
  public GenericRecord newRecord() {
    return GenericRecord.create(table.schema());
  }

  /**
   * Makes this append insert-if-absent on {@code keyColumns}: a row whose key this append already
   * holds is skipped, and at commit the keys are checked again against everything committed after
   * {@code checkedSnapshotId} (the snapshot whose keys the caller already left out; null when it
   * checked none), dropping rows another writer committed meanwhile. Calling it again with other
   * key columns is a programming error; with another snapshot, the older one is kept.
   */
  public TableAppender uniqueOn(List<String> keyColumns, Long checkedSnapshotId) {
    if (unique == null) {
      Check.state(rows == 0, "uniqueOn must be set on %s before rows are added", table.name());
      unique = new UniqueAppend(keyColumns, checkedSnapshotId);
    } else {
      Check.argument(unique.columns().equals(keyColumns), "Append to %s is unique on %s, not %s",
          table.name(), unique.columns(), keyColumns);
      unique.checkedSince(table, checkedSnapshotId);
    }
    return this;
  }

  /**
   * Adds a row. Returns false, writing nothing, when the append is {@link #uniqueOn unique} and
   * already holds the row's key.
   */
  public boolean add(Record record) {
    Check.state(!done, "Appender for %s is already committed or aborted", table.name());
    if (unique != null && !unique.add(record)) {
      return false;
    }
    OpenFile file;
    try {
      file = fileFor(record);
      file.writer.write(record);
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
    rows++;
    if (++file.rows >= rowsPerFile
        || (file.rows % 256 == 0 && file.writer.length() >= targetFileBytes)) {
      closeFile(file.key);
    }
    return true;
  }

  /** The open file for the partition of {@code record}, opened when there is none. */
  private OpenFile fileFor(Record record) {
    PartitionKey key = null;
    if (partition != null) {
      partition.partition(internal.wrap(record));
      key = partition;
    }
    OpenFile file = open.get(key);
    if (file == null) {
      if (open.size() >= MAX_OPEN_FILES) {
        closeFile(open.keySet().iterator().next());
      }
      key = key == null ? null : key.copy();
      file = new OpenFile(key, newWriter(key));
      open.put(key, file);
    }
    return file;
  }

  /**
   * Closes the open data files; rows added afterwards go to new files. Compaction calls it
   * between partitions so each group of rows ends up in files of its own.
   */
  public void closeOpenFiles() {
    Check.state(!done, "Appender for %s is already committed or aborted", table.name());
    closeWriters();
  }

  /**
   * Also rolls to a new data file once the open one reaches about {@code bytes} (checked every 256
   * rows, on Parquet's estimate of its size), as compaction does with
   * {@code write.target-file-size-bytes}.
   */
  public TableAppender targetFileBytes(long bytes) {
    Check.argument(bytes > 0, "Target file size must be positive, got %s", bytes);
    this.targetFileBytes = bytes;
    return this;
  }

  /** Rows added so far; after a commit, the rows committed. */
  public long rows() {
    return rows;
  }

  /** Rows a {@link #uniqueOn unique} append skipped because their key was present. */
  public long skipped() {
    return unique == null ? 0 : unique.skipped();
  }

  /**
   * Commits all rows as one snapshot through {@link TableCommitter#append}. Returns the new
   * snapshot id, or -1 when no row was added (no snapshot is created for an empty append).
   *
   * @throws CommitOutcomeUnknownException if the commit may or may not have happened; the data
   *     files are then kept, not deleted
   */
  public long commit() {
    Check.state(!done, "Appender for %s is already committed or aborted", table.name());
    closeWriters();
    if (files.isEmpty()) {
      done = true;
      return -1;
    }
    if (unique != null) {
      long before = unique.skipped();
      long id = finish(() -> lakehouse.committer().appendUnique(table, files, unique));
      rows -= unique.skipped() - before;
      return id;
    }
    return finish(() -> lakehouse.committer().append(table, files));
  }

  /**
   * Commits the rows written as a replacement of {@code removed}: one overwrite snapshot that
   * deletes those data files and adds the new ones, through {@link TableCommitter#overwrite}.
   * Fails with {@link org.apache.iceberg.exceptions.CommitFailedException}, leaving the table
   * unchanged, if another writer committed data after {@code baseSnapshotId}.
   *
   * @return the new snapshot id
   */
  public long commitReplacing(Iterable<DataFile> removed, long baseSnapshotId) {
    Check.state(!done, "Appender for %s is already committed or aborted", table.name());
    closeWriters();
    return finish(() -> lakehouse.committer().overwrite(table, removed, files, baseSnapshotId));
  }

  /**
   * Commits the rows written as a rewrite of {@code removed} (compaction): one {@code replace}
   * snapshot through {@link TableCommitter#rewrite} that swaps the files without changing the
   * table's rows. Fails with {@link org.apache.iceberg.exceptions.CommitFailedException}, leaving
   * the table unchanged, if another writer removed or row-deleted one of {@code removed} after
   * {@code baseSnapshotId}.
   *
   * @return the new snapshot id
   */
  public long commitRewriting(Collection<DataFile> removed, long baseSnapshotId) {
    Check.state(!done, "Appender for %s is already committed or aborted", table.name());
    closeWriters();
    return finish(() -> lakehouse.committer().rewrite(table, removed, files, baseSnapshotId));
  }

  /** Closes the open file and hands over every file written, without committing them. */
  List<DataFile> closeFiles() {
    Check.state(!done, "Appender for %s is already committed or aborted", table.name());
    closeWriters();
    done = true;
    List<DataFile> out = new ArrayList<>(files);
    files.clear();
    return out;
  }

  /** Runs the commit; whatever its outcome, the committer now owns the files. */
  private long finish(LongSupplier commit) {
    try {
      return commit.getAsLong();
    } finally {
      done = true;
      files.clear();
    }
  }

  /** Deletes any file written and marks this appender finished. Safe to call twice. */
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    for (OpenFile f : open.values()) {
      try {
        f.writer.close();
        files.add(f.writer.toDataFile());
      } catch (IOException | RuntimeException ignored) {
        // a file that did not close is not listed; nothing references it
      }
    }
    open.clear();
    TableCommitter.delete(table, files);
    files.clear();
  }

  @Override
  public void close() {
    abort();
  }

  private DataWriter<Record> newWriter(PartitionKey key) {
    String fileName = FileFormat.PARQUET.addExtension(UUID.randomUUID().toString());
    String location = key == null ? table.locationProvider().newDataLocation(fileName)
        : table.locationProvider().newDataLocation(spec, key, fileName);
    OutputFile out = table.io().newOutputFile(location);
    try {
      return Parquet.writeData(out)
          .forTable(table)
          .withSpec(spec)
          .withPartition(key)
          .createWriterFunc(GenericParquetWriter::create)
          .overwrite()
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open data file for " + table.name(), e);
    }
  }

  private void closeWriters() {
    while (!open.isEmpty()) {
      closeFile(open.keySet().iterator().next());
    }
  }

  private void closeFile(PartitionKey key) {
    OpenFile file = open.remove(key);
    try {
      file.writer.close();
    } catch (IOException e) {
      abort();
      throw new UncheckedIOException("Cannot close data file for " + table.name(), e);
    }
    files.add(file.writer.toDataFile());
  }

  /** A data file being written: its partition (null when unpartitioned) and rows so far. */
  private static final class OpenFile {
    final PartitionKey key;
    final DataWriter<Record> writer;
    long rows;

    OpenFile(PartitionKey key, DataWriter<Record> writer) {
      this.key = key;
      this.writer = writer;
    }
  }
}
