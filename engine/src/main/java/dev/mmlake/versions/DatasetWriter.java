package dev.mmlake.versions;

import dev.mmlake.catalog.CommitOutcomeUnknownException;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Writes a recipe's rows (held in a staging table) as the new content of the dataset table and tags
 * that snapshot with the version name, all in one Iceberg transaction: the schema change (when the
 * recipe's columns changed), one overwrite snapshot replacing every data file, and the tag,
 * committed through the lakehouse's {@code TableCommitter}. Either all of it is visible or none;
 * earlier snapshots and tags are never touched. When the commit's outcome is unknown, the version's
 * files (and a table created for it) are kept.
 */
final class DatasetWriter {
  private static final long ROWS_PER_FILE = 250_000;

  private final Lakehouse lakehouse;

  DatasetWriter(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /** The committed snapshot and whether the dataset table was created for it. */
  record Written(long snapshotId, Long baseSnapshotId, boolean createdTable) {
  }

  /**
   * Copies the rows of {@code staging} into {@code target}, passing each to {@code stats}, and
   * commits them tagged {@code tag}. {@code stats.finish()} runs before the commit, so a rule it
   * enforces stops the version.
   */
  Written write(Table staging, TableIdentifier target, String tag, ItemStats stats) {
    boolean created = false;
    if (!lakehouse.catalog().tableExists(target)) {
      lakehouse.createTable(target, staging.schema());
      created = true;
    }
    List<DataFile> written = new ArrayList<>();
    Table table = lakehouse.catalog().loadTable(target);
    if (!table.spec().isUnpartitioned()) {
      throw new RecipeException(ErrorCode.UNSUPPORTED, "Dataset table %s is partitioned (%s); "
          + "dataset versions are written to unpartitioned tables: drop it or use another "
          + "dataset name", target, table.spec().fields());
    }
    try {
      Snapshot base = table.currentSnapshot();
      Transaction tx = table.newTransaction();
      alignSchema(tx, table.schema(), staging.schema());
      Table txTable = tx.table();
      copyRows(staging, txTable, stats, written);
      stats.finish();
      OverwriteFiles ow = tx.newOverwrite();
      if (base != null) {
        for (DataFile f : currentFiles(table, base)) {
          ow.deleteFile(f);
        }
        ow.validateFromSnapshot(base.snapshotId());
        ow.conflictDetectionFilter(Expressions.alwaysTrue());
        ow.validateNoConflictingData();
        ow.validateNoConflictingDeletes();
      }
      written.forEach(ow::addFile);
      ow.set("mmlake.version", tag);
      long snapshotId = lakehouse.committer().commit(table, written, () -> {
        ow.commit();
        long id = txTable.currentSnapshot().snapshotId();
        tx.manageSnapshots().createTag(tag, id).commit();
        try {
          tx.commitTransaction();
        } catch (CommitFailedException e) {
          // Iceberg cannot re-apply a tag over a newer table state: a concurrent commit ends here
          throw new CommitFailedException(e, "Cannot commit version %s of %s: %s. Another writer "
              + "may have committed to the table while the version was built; the dataset is "
              + "unchanged, run the recipe again", tag, target, e.getMessage());
        }
        return id;
      });
      return new Written(snapshotId, base == null ? null : base.snapshotId(), created);
    } catch (CommitOutcomeUnknownException e) {
      throw e; // the version may be committed: its files and table must stay
    } catch (RuntimeException e) {
      for (DataFile f : written) {
        try {
          table.io().deleteFile(f.location());
        } catch (RuntimeException ignored) {
          // unreferenced by any snapshot, so never read
        }
      }
      if (created) {
        lakehouse.catalog().dropTable(target, true);
      }
      throw e;
    }
  }

  /** Makes the dataset table's columns those of the recipe's result, in its order. */
  private static void alignSchema(Transaction tx, Schema current, Schema wanted) {
    if (sameColumns(current, wanted)) {
      return;
    }
    try {
      tx.updateSchema().unionByNameWith(wanted).commit();
      UpdateSchema drop = tx.updateSchema();
      boolean dropping = false;
      for (Types.NestedField f : current.columns()) {
        if (wanted.findField(f.name()) == null) {
          drop.deleteColumn(f.name());
          dropping = true;
        }
      }
      if (dropping) {
        drop.commit();
      }
      UpdateSchema order = tx.updateSchema();
      List<Types.NestedField> cols = wanted.columns();
      order.moveFirst(cols.get(0).name());
      for (int i = 1; i < cols.size(); i++) {
        order.moveAfter(cols.get(i).name(), cols.get(i - 1).name());
      }
      order.commit();
    } catch (IllegalArgumentException e) {
      throw new RecipeException(e, "The recipe's columns cannot replace the dataset's: %s. Iceberg "
          + "only widens types (int -> bigint, float -> double); CAST the column in the final "
          + "SELECT to its earlier type, or use a new dataset name", e.getMessage());
    }
  }

  private static boolean sameColumns(Schema a, Schema b) {
    List<Types.NestedField> x = a.columns();
    List<Types.NestedField> y = b.columns();
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!x.get(i).name().equals(y.get(i).name())
          || !x.get(i).type().toString().equals(y.get(i).type().toString())) {
        return false;
      }
    }
    return true;
  }

  private static List<DataFile> currentFiles(Table table, Snapshot base) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId())
        .planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static void copyRows(Table staging, Table target, ItemStats stats,
      List<DataFile> written) {
    Schema schema = target.schema();
    List<Types.NestedField> fields = schema.columns();
    DataWriter<Record> writer = null;
    long inFile = 0;
    try (CloseableIterable<Record> rows = IcebergGenerics.read(staging).build()) {
      for (Record in : rows) {
        stats.add(in);
        GenericRecord out = GenericRecord.create(schema);
        for (int i = 0; i < fields.size(); i++) {
          out.set(i, widen(in.getField(fields.get(i).name()), fields.get(i).type()));
        }
        if (writer == null) {
          writer = newWriter(target);
        }
        writer.write(out);
        if (++inFile >= ROWS_PER_FILE) {
          writer.close();
          written.add(writer.toDataFile());
          writer = null;
          inFile = 0;
        }
      }
      if (writer != null) {
        writer.close();
        written.add(writer.toDataFile());
        writer = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the version's data files: " + e.getMessage(), e);
    } finally {
      if (writer != null) {
        try {
          writer.close();
          written.add(writer.toDataFile());
        } catch (IOException | RuntimeException ignored) {
          // deleted by the caller with the other files
        }
      }
    }
  }

  /** Values of a column whose type Iceberg widened (int -> long, float -> double). */
  private static Object widen(Object v, Type type) {
    if (v instanceof Integer i && type.typeId() == Type.TypeID.LONG) {
      return i.longValue();
    }
    if (v instanceof Float f && type.typeId() == Type.TypeID.DOUBLE) {
      return f.doubleValue();
    }
    return v;
  }

  private static DataWriter<Record> newWriter(Table table) {
    String name = FileFormat.PARQUET.addExtension(UUID.randomUUID().toString());
    OutputFile out = table.io().newOutputFile(table.locationProvider().newDataLocation(name));
    try {
      return Parquet.writeData(out)
          .forTable(table)
          .withSpec(PartitionSpec.unpartitioned())
          .createWriterFunc(GenericParquetWriter::create)
          .overwrite()
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open a data file for " + table.name(), e);
    }
  }
}
