package dev.mmlake.engine.maintain;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.catalog.TableAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Retention of the append-only observability tables ({@code obs.metrics},
 * {@code obs.lineage_events}, {@code obs.failures}): deletes their rows older than a cut-off, by
 * each table's time column. {@code obs.runs} has its own retention
 * ({@link MaintainOptions#RUNS_RETENTION}).
 *
 * <p>Per data file, from its column statistics: a file whose rows are all older is dropped whole
 * (Iceberg {@code DeleteFiles}, which appends by other writers do not conflict with); a file with
 * rows on both sides of the cut-off is rewritten without the old rows (copy-on-write, the
 * overwrite commit DELETE statements make, retried when an append lands in between); a file
 * whose rows are all newer is not read. Rows without a time are kept, and so are files without
 * column statistics. Tables with row-level delete files are skipped with a note.
 */
final class ObsRetention {
  /** Setting: how long obs rows are kept, e.g. {@code 90d}; unset: forever. */
  static final String RETENTION = "obs.retention";
  /** The tables this retention applies to, with the column that says how old a row is. */
  static final Map<TableIdentifier, String> TIME_COLUMNS = timeColumns();
  private static final int ATTEMPTS = 5;

  private final Lakehouse lakehouse;

  ObsRetention(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  private static Map<TableIdentifier, String> timeColumns() {
    Map<TableIdentifier, String> m = new LinkedHashMap<>();
    m.put(LakeTables.METRICS, "recorded_at");
    m.put(LakeTables.LINEAGE_EVENTS, "event_time");
    m.put(LakeTables.FAILURES, "occurred_at");
    return m;
  }

  /** The configured {@value #RETENTION}, or null when obs rows are kept forever. */
  static Duration configured(LakehouseConfig config) {
    String text = config.get(RETENTION, null);
    return text == null || text.isBlank() ? null : DurationText.parse(text, RETENTION);
  }

  /** Deletes (on a dry run, counts) the rows of every obs table older than {@code cutoff}. */
  void expire(Instant cutoff, MaintainReport report) {
    for (Map.Entry<TableIdentifier, String> e : TIME_COLUMNS.entrySet()) {
      if (lakehouse.catalog().tableExists(e.getKey())) {
        expire(e.getKey().toString(), lakehouse.table(e.getKey()), e.getValue(), cutoff, report);
      }
    }
  }

  private void expire(String name, Table table, String column, Instant cutoff,
      MaintainReport report) {
    for (int attempt = 1; ; attempt++) {
      try {
        table.refresh();
        expireOnce(name, table, column, cutoff, report);
        return;
      } catch (CommitFailedException e) {
        // obs tables get an append about once a second; the plan is made again from the new state
        if (attempt >= ATTEMPTS) {
          report.note("%s: old rows not deleted (%s)", name, e.getMessage());
          return;
        }
      }
    }
  }

  /** What one pass found in a table's current snapshot. */
  private record Plan(List<DataFile> whole, long wholeRows, List<DataFile> partial) {
  }

  private void expireOnce(String name, Table table, String column, Instant cutoff,
      MaintainReport report) {
    Snapshot current = table.currentSnapshot();
    Types.NestedField field = table.schema().findField(column);
    if (current == null || field == null) {
      return;
    }
    long cutoffMicros = ChronoUnit.MICROS.between(Instant.EPOCH, cutoff);
    Plan plan = plan(name, table, current, field, cutoffMicros, report);
    if (plan == null || plan.whole().isEmpty() && plan.partial().isEmpty()) {
      return;
    }
    if (plan.partial().isEmpty()) {
      if (!report.dryRun()) {
        lakehouse.committer().commit(table, List.of(), () -> {
          table.refresh();
          DeleteFiles delete = table.newDelete();
          plan.whole().forEach(delete::deleteFile);
          delete.validateFilesExist();
          delete.commit();
          return table.currentSnapshot().snapshotId();
        });
      }
      count(name, plan.wholeRows(), plan.whole().size(), 0, report);
      return;
    }
    Schema schema = table.schema();
    long deleted = plan.wholeRows();
    if (report.dryRun()) {
      for (DataFile f : plan.partial()) {
        deleted += copyNewer(table, schema, f, column, cutoff, null);
      }
      count(name, deleted, plan.whole().size(), plan.partial().size(), report);
      return;
    }
    try (TableAppender out = lakehouse.appender(table)) {
      for (DataFile f : plan.partial()) {
        deleted += copyNewer(table, schema, f, column, cutoff, out);
      }
      List<DataFile> removed = new ArrayList<>(plan.whole());
      removed.addAll(plan.partial());
      out.commitReplacing(removed, current.snapshotId());
    }
    count(name, deleted, plan.whole().size(), plan.partial().size(), report);
  }

  private static void count(String name, long rows, long filesDeleted, long filesRewritten,
      MaintainReport report) {
    report.add(name, MaintainReport.OBS_ROWS_DELETED, rows);
    report.add(name, MaintainReport.OBS_FILES_DELETED, filesDeleted);
    report.add(name, MaintainReport.OBS_FILES_REWRITTEN, filesRewritten);
  }

  /**
   * Sorts the live data files into those older than the cut-off as a whole, and those that may
   * hold rows on both sides; null when the table cannot be handled.
   */
  private static Plan plan(String name, Table table, Snapshot current, Types.NestedField field,
      long cutoffMicros, MaintainReport report) {
    List<DataFile> whole = new ArrayList<>();
    List<DataFile> partial = new ArrayList<>();
    long wholeRows = 0;
    int id = field.fieldId();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(current.snapshotId())
        .includeColumnStats().planFiles()) {
      for (FileScanTask t : tasks) {
        if (!t.deletes().isEmpty()) {
          report.note("%s: old rows not deleted (it has row-level delete files)", name);
          return null;
        }
        DataFile f = t.file();
        if (f.format() != FileFormat.PARQUET) {
          report.note("%s: old rows of %s not deleted (not a Parquet file)", name, f.location());
          continue;
        }
        Long lower = bound(f.lowerBounds(), id, field);
        Long upper = bound(f.upperBounds(), id, field);
        Long nulls = f.nullValueCounts() == null ? null : f.nullValueCounts().get(id);
        if (lower == null || lower >= cutoffMicros) {
          continue; // every timed row is newer, or no row has a time (or no statistics say so)
        }
        if (upper != null && upper < cutoffMicros && nulls != null && nulls == 0) {
          whole.add(f.copyWithoutStats());
          wholeRows += f.recordCount();
        } else {
          partial.add(f.copyWithoutStats());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the files of " + name, e);
    }
    return new Plan(whole, wholeRows, partial);
  }

  private static Long bound(Map<Integer, ByteBuffer> bounds, int id, Types.NestedField field) {
    ByteBuffer b = bounds == null ? null : bounds.get(id);
    return b == null ? null : Conversions.fromByteBuffer(field.type(), b);
  }

  /**
   * Copies the rows of {@code f} at or after {@code cutoff} (or without a time) to {@code out}
   * (null: only counts); returns the number of older rows.
   */
  private static long copyNewer(Table table, Schema schema, DataFile f, String column,
      Instant cutoff, TableAppender out) {
    long old = 0;
    try (CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(f.location()))
        .project(schema)
        .createReaderFunc(fs -> GenericParquetReaders.buildReader(schema, fs))
        .build()) {
      for (Record r : records) {
        if (r.getField(column) instanceof OffsetDateTime t && t.toInstant().isBefore(cutoff)) {
          old++;
        } else if (out != null) {
          out.add(r);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + f.location(), e);
    }
    return old;
  }
}
