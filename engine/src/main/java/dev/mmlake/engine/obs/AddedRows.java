package dev.mmlake.engine.obs;

import dev.mmlake.engine.iceberg.GenericFileRowReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.IncrementalAppendScan;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The rows a run appended to a table: reads only the data files its append snapshots added, and
 * only the columns asked for (Parquet projection), so measuring a run costs a small fraction of
 * writing it.
 */
final class AddedRows {
  private AddedRows() {
  }

  /** Feeds {@code sink} the rows of {@code snapshots} (those that belong to {@code table}). */
  static void read(Table table, Collection<Long> snapshots, List<String> columns,
      Consumer<Record> sink) {
    List<String> present = new ArrayList<>();
    columns.stream().filter(c -> table.schema().findField(c) != null).forEach(present::add);
    if (present.isEmpty()) {
      return;
    }
    Schema projected = table.schema().select(present);
    for (Long id : snapshots) {
      Snapshot snap = table.snapshot(id);
      if (snap == null || !"append".equals(snap.operation())) {
        continue;
      }
      IncrementalAppendScan scan = table.newIncrementalAppendScan().toSnapshot(id);
      if (snap.parentId() != null) {
        scan = scan.fromSnapshotExclusive(snap.parentId());
      }
      try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
        for (FileScanTask task : tasks) {
          try (CloseableIterable<Record> rows =
              GenericFileRowReader.INSTANCE.open(table, task, projected)) {
            rows.forEach(sink);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the rows snapshot " + id + " added to "
            + table.name(), e);
      }
    }
  }
}
