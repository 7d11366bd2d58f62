package dev.mmlake.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

/**
 * Insert-if-absent for one append: the keys (values of {@code columns}) of the rows written, and
 * the snapshot whose keys the writer already excluded. At commit, {@link #commit} re-checks the
 * keys against every data file committed after that snapshot, drops the rows whose key another
 * writer committed meanwhile (rewriting the new files), and commits with a validation that no data
 * was added since the snapshot it checked; if some was, it checks again. So two writers appending
 * the same keys at the same time, in one process or two, never both commit a key.
 *
 * <p>Memory: one entry per row written (about 100 bytes for a 64-character key). Not thread-safe;
 * owned by one {@link TableAppender}.
 */
final class UniqueAppend {
  private final List<String> columns;
  private final Set<Object> keys = new HashSet<>();
  private Long checkedSnapshotId;
  private long skipped;

  UniqueAppend(List<String> columns, Long checkedSnapshotId) {
    Check.argument(!columns.isEmpty(), "A unique append needs at least one key column");
    this.columns = List.copyOf(columns);
    this.checkedSnapshotId = checkedSnapshotId;
  }

  List<String> columns() {
    return columns;
  }

  /** Keeps the older of two checked snapshots, so the commit re-checks everything either missed. */
  void checkedSince(Table table, Long snapshotId) {
    if (checkedSnapshotId == null || snapshotId == null) {
      checkedSnapshotId = null;
    } else if (!snapshotId.equals(checkedSnapshotId)) {
      Snapshot mine = table.snapshot(checkedSnapshotId);
      Snapshot other = table.snapshot(snapshotId);
      if (mine == null || other == null) {
        checkedSnapshotId = null;
      } else if (other.sequenceNumber() < mine.sequenceNumber()) {
        checkedSnapshotId = snapshotId;
      }
    }
  }

  /** True the first time {@code r}'s key is added; false for a key this append already holds. */
  boolean add(Record r) {
    if (keys.add(key(r))) {
      return true;
    }
    skipped++;
    return false;
  }

  /** Rows not written because their key was present: repeats in the append, or at commit. */
  long skipped() {
    return skipped;
  }

  private Object key(Record r) {
    if (columns.size() == 1) {
      return r.getField(columns.get(0));
    }
    List<Object> k = new ArrayList<>(columns.size());
    columns.forEach(c -> k.add(r.getField(c)));
    return k;
  }

  /**
   * Commits {@code files} (replaced in place when rows are dropped) to {@code table}; called by
   * {@link TableCommitter} under the table's commit lock.
   *
   * @throws CommitFailedException when other writers kept adding data through every attempt
   */
  long commit(Lakehouse lakehouse, Table table, List<DataFile> files) {
    int attempts = 1 + Math.max(0, table.properties().containsKey(TableProperties.COMMIT_NUM_RETRIES)
        ? Integer.parseInt(table.properties().get(TableProperties.COMMIT_NUM_RETRIES))
        : TableProperties.COMMIT_NUM_RETRIES_DEFAULT);
    ValidationException last = null;
    for (int attempt = 0; attempt < attempts; attempt++) {
      table.refresh();
      Snapshot current = table.currentSnapshot();
      Set<Object> taken = committedKeys(table, current);
      if (!taken.isEmpty()) {
        drop(lakehouse, table, files, taken);
      }
      checkedSnapshotId = current == null ? null : current.snapshotId();
      if (files.isEmpty()) {
        return -1; // every row was committed by someone else
      }
      // an overwrite that only adds files: the one Iceberg operation that validates "no data was
      // added since the snapshot checked"; its summary says what it is
      OverwriteFiles append = table.newOverwrite();
      files.forEach(append::addFile);
      append.set("mmlake.write", "insert-if-absent");
      if (checkedSnapshotId != null) {
        append.validateFromSnapshot(checkedSnapshotId);
      }
      append.conflictDetectionFilter(Expressions.alwaysTrue());
      append.validateNoConflictingData();
      try {
        append.commit();
        return table.currentSnapshot().snapshotId();
      } catch (ValidationException e) {
        last = e; // another writer added data after the check: check its keys too
      }
    }
    throw new CommitFailedException(last, "Cannot commit to %s: other writers kept adding rows "
        + "while its keys were checked (%d attempts)", table.name(), attempts);
  }

  /** Keys of ours committed after the checked snapshot, up to {@code current}. */
  private Set<Object> committedKeys(Table table, Snapshot current) {
    Set<Object> taken = new HashSet<>();
    if (current == null || Objects.equals(current.snapshotId(), checkedSnapshotId)) {
      return taken;
    }
    Snapshot checked = checkedSnapshotId == null ? null : table.snapshot(checkedSnapshotId);
    long after = checked == null ? -1 : checked.sequenceNumber();
    Schema keySchema = table.schema().select(columns);
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(current.snapshotId()).planFiles()) {
      for (FileScanTask task : tasks) {
        Long seq = task.file().dataSequenceNumber();
        if (seq != null && seq <= after && seq > 0) {
          continue; // committed at or before the checked snapshot: already excluded
        }
        read(table, task.file().location(), keySchema, r -> {
          Object k = key(r);
          if (keys.contains(k)) {
            taken.add(k);
          }
        });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the keys of " + table.name(), e);
    }
    return taken;
  }

  /** Rewrites {@code files} without the rows whose key is in {@code taken}. */
  private void drop(Lakehouse lakehouse, Table table, List<DataFile> files, Set<Object> taken) {
    List<DataFile> old = new ArrayList<>(files);
    TableAppender out = new TableAppender(lakehouse, table);
    try {
      for (DataFile f : old) {
        read(table, f.location(), table.schema(), r -> {
          if (taken.contains(key(r))) {
            skipped++;
          } else {
            out.add(r);
          }
        });
      }
      files.clear();
      files.addAll(out.closeFiles());
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    }
    keys.removeAll(taken);
    TableCommitter.delete(table, old);
  }

  private static void read(Table table, String location, Schema schema, Consumer<Record> sink) {
    try (CloseableIterable<Record> rows = Parquet.read(table.io().newInputFile(location))
        .project(schema)
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
        .build()) {
      rows.forEach(sink);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + location, e);
    }
  }
}
