package dev.mmlake.engine.maintain;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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
 * below three quarters of the target. Unpartitioned Parquet tables without row-level delete files
 * only; others are skipped with a note.
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
    if (!table.spec().isUnpartitioned()) {
      report.note("%s: not compacted (partitioned tables are not supported yet)", name);
      return;
    }
    List<DataFile> small = new ArrayList<>();
    long rows = 0;
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
          small.add(f.copyWithoutStats());
          rows += f.recordCount();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the files of " + name, e);
    }
    if (small.size() < MIN_INPUT_FILES) {
      return;
    }
    if (report.dryRun()) {
      report.add(name, MaintainReport.FILES_COMPACTED, small.size());
      report.add(name, MaintainReport.FILES_WRITTEN,
          Math.max(1, (small.stream().mapToLong(DataFile::fileSizeInBytes).sum() + target - 1)
              / target));
      return;
    }
    Schema schema = table.schema();
    long written;
    try (TableAppender out = lakehouse.appender(table).targetFileBytes(target)) {
      for (DataFile f : small) {
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
}
