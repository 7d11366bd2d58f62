package dev.mmlake.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/**
 * Streams rows into new Parquet data files of one table and commits them as one snapshot.
 *
 * <p>Contract: rows are invisible until {@link #commit()} returns. If the commit fails, the data
 * files written are deleted and the table stays at its last good snapshot. Files roll at
 * {@code rowsPerFile} rows so memory stays bounded. Not thread-safe: one appender per writer.
 */
public final class TableAppender implements AutoCloseable {
  private static final long DEFAULT_ROWS_PER_FILE = 250_000;

  private final Lakehouse lakehouse;
  private final Table table;
  private final List<DataFile> files = new ArrayList<>();
  private final long rowsPerFile;
  private DataWriter<Record> writer;
  private long rowsInFile;
  private long rows;
  private boolean done;

  TableAppender(Lakehouse lakehouse, Table table) {
    this(lakehouse, table, DEFAULT_ROWS_PER_FILE);
  }

  TableAppender(Lakehouse lakehouse, Table table, long rowsPerFile) {
    this.lakehouse = lakehouse;
    this.table = table;
    this.rowsPerFile = rowsPerFile;
  }

  public Table table() {
    return table;
  }

  /** A new empty record with this table's schema. */
  public GenericRecord newRecord() {
    return GenericRecord.create(table.schema());
  }

  public void add(Record record) {
    Check.state(!done, "Appender for %s is already committed or aborted", table.name());
    try {
      if (writer == null) {
        writer = newWriter();
      }
      writer.write(record);
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
    rows++;
    if (++rowsInFile >= rowsPerFile) {
      closeWriter();
    }
  }

  /** Rows added so far. */
  public long rows() {
    return rows;
  }

  /**
   * Commits all rows as one snapshot. Returns the new snapshot id, or -1 when no row was added
   * (no snapshot is created for an empty append).
   */
  public long commit() {
    Check.state(!done, "Appender for %s is already committed or aborted", table.name());
    closeWriter();
    if (files.isEmpty()) {
      done = true;
      return -1;
    }
    String name = tableName();
    ReentrantLock lock = lakehouse.commitLock(org.apache.iceberg.catalog.TableIdentifier.parse(name));
    lock.lock();
    try {
      table.refresh();
      AppendFiles append = table.newAppend();
      files.forEach(append::appendFile);
      lakehouse.cas().sync(); // blobs the rows point to are durable before the rows are
      lakehouse.commitFaults().beforeCommit(name);
      append.commit();
      done = true;
      return table.currentSnapshot().snapshotId();
    } catch (RuntimeException e) {
      abort();
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Commits the rows written as a replacement of {@code removed}: one overwrite snapshot that
   * deletes those data files and adds the new ones. Fails with a validation error, leaving the
   * table unchanged, if another writer committed data after {@code baseSnapshotId}.
   *
   * @return the new snapshot id
   */
  public long commitReplacing(Iterable<DataFile> removed, long baseSnapshotId) {
    Check.state(!done, "Appender for %s is already committed or aborted", table.name());
    closeWriter();
    String name = tableName();
    ReentrantLock lock = lakehouse.commitLock(org.apache.iceberg.catalog.TableIdentifier.parse(name));
    lock.lock();
    try {
      table.refresh();
      org.apache.iceberg.OverwriteFiles ow = table.newOverwrite();
      removed.forEach(ow::deleteFile);
      files.forEach(ow::addFile);
      ow.validateFromSnapshot(baseSnapshotId);
      ow.conflictDetectionFilter(org.apache.iceberg.expressions.Expressions.alwaysTrue());
      ow.validateNoConflictingData();
      ow.validateNoConflictingDeletes();
      lakehouse.cas().sync();
      lakehouse.commitFaults().beforeCommit(name);
      ow.commit();
      done = true;
      return table.currentSnapshot().snapshotId();
    } catch (RuntimeException e) {
      abort();
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /** Deletes any file written and marks this appender finished. Safe to call twice. */
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException | RuntimeException ignored) {
        // the file is deleted below
      }
      writer = null;
    }
    for (DataFile f : files) {
      try {
        table.io().deleteFile(f.location());
      } catch (RuntimeException ignored) {
        // an orphan file is unreferenced by any snapshot, so never read
      }
    }
    files.clear();
  }

  @Override
  public void close() {
    abort();
  }

  private String tableName() {
    String n = table.name();
    int dot = n.indexOf('.');
    // JdbcCatalog names tables "<catalog>.<ns>.<table>"
    return n.startsWith(lakehouse.config().catalogName() + ".") ? n.substring(dot + 1) : n;
  }

  private DataWriter<Record> newWriter() {
    String fileName = FileFormat.PARQUET.addExtension(UUID.randomUUID().toString());
    OutputFile out = table.io().newOutputFile(table.locationProvider().newDataLocation(fileName));
    try {
      return Parquet.writeData(out)
          .forTable(table)
          .withSpec(PartitionSpec.unpartitioned())
          .createWriterFunc(GenericParquetWriter::create)
          .overwrite()
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open data file for " + table.name(), e);
    }
  }

  private void closeWriter() {
    if (writer == null) {
      return;
    }
    try {
      writer.close();
    } catch (IOException e) {
      abort();
      throw new UncheckedIOException("Cannot close data file for " + table.name(), e);
    }
    files.add(writer.toDataFile());
    writer = null;
    rowsInFile = 0;
  }
}
