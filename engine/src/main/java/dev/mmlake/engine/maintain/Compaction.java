package dev.mmlake.engine.maintain;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Rewrites the small data files of a table's current snapshot into files of about the target size,
 * in one {@code replace} snapshot ({@code RewriteFiles}) through the lakehouse's commit path. The
 * table's rows do not change; appends by other writers meanwhile do not conflict. Small means
 * below three quarters of the target. In a partitioned table small files are grouped by
 * partition and each group is rewritten into files of its own partition; a group of fewer than
 * {@value #MIN_INPUT_FILES} files is left alone. Parquet tables without row-level delete files
 * only; others are skipped with a note. Files written under an older partition spec are left alone.
 */
final class Compaction {
  /** Fewer small files than this are left alone. */
  static final int MIN_INPUT_FILES = 2;

  private final Lakehouse lakehouse;

  Compaction(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /** Compacts {@code table}, counting into {@code report} under {@code name}. */
  void compact(String name, Table table, Long targetOverride, MaintainReport report) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return;
    }
    long target = targetOverride != null ? targetOverride : PropertyUtil.propertyAsLong(
        table.properties(), TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    Map<String, List<DataFile>> byPartition = new LinkedHashMap<>();
    try (CloseableIterable<FileScanTask> tasks =
             table.newScan().useSnapshot(current.snapshotId()).planFiles()) {
      for (FileScanTask t : tasks) {
        if (!t.deletes().isEmpty()) {
          report.note("%s: not compacted (it has row-level delete files)", name);
          return;
        }
        DataFile f = t.file();
        if (f.format() != FileFormat.PARQUET || f.specId() != table.spec().specId()) {
          continue;
        }
        if (f.fileSizeInBytes() < target * 3 / 4) {
          byPartition.computeIfAbsent(table.spec().partitionToPath(f.partition()),
              k -> new ArrayList<>()).add(f.copyWithoutStats());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the files of " + name, e);
    }
    List<List<DataFile>> groups = byPartition.values().stream()
        .filter(g -> g.size() >= MIN_INPUT_FILES).toList();
    List<DataFile> small = groups.stream().flatMap(List::stream).toList();
    if (small.isEmpty()) {
      return;
    }
    long rows = small.stream().mapToLong(DataFile::recordCount).sum();
    if (report.dryRun()) {
      report.add(name, MaintainReport.FILES_COMPACTED, small.size());
      report.add(name, MaintainReport.FILES_WRITTEN, groups.stream()
          .mapToLong(g -> Math.max(1, (g.stream().mapToLong(DataFile::fileSizeInBytes).sum()
              + target - 1) / target)).sum());
      return;
    }
    Schema schema = table.schema();
    long written;
    try (TableAppender out = lakehouse.appender(table).targetFileBytes(target)) {
      for (List<DataFile> group : groups) {
        for (DataFile f : group) {
          copy(table, schema, f, out);
        }
        out.closeOpenFiles(); // the next partition starts new files
      }
      if (out.rows() != rows) {
        throw new IllegalStateException(String.format("Compaction of %s read %d rows from %d "
            + "files whose metadata says %d; nothing was committed", name, out.rows(),
            small.size(), rows));
      }
      long snapshot = out.commitRewriting(small, current.snapshotId());
      table.refresh();
      written = Long.parseLong(table.snapshot(snapshot).summary()
          .getOrDefault("added-data-files", "0"));
      report.add(name, MaintainReport.FILES_COMPACTED, small.size());
      report.add(name, MaintainReport.FILES_WRITTEN, written);
      report.note("%s: compacted %d files (%d rows) into %d in snapshot %d", name, small.size(),
          rows, written, snapshot);
    }
  }

  private static void copy(Table table, Schema schema, DataFile f, TableAppender out) {
    try (CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(f.location()))
        .project(schema)
        .createReaderFunc(fs -> GenericParquetReaders.buildReader(schema, fs))
        .build()) {
      for (Record r : records) {
        out.add(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + f.location(), e);
    }
  }
}
