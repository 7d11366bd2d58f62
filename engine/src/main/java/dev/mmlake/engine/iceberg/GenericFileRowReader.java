package dev.mmlake.engine.iceberg;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

/**
 * Iceberg's row-at-a-time generic Parquet reader. Row groups whose statistics exclude the task's
 * residual filter are skipped; rows are not filtered here (the SQL layer evaluates every filter).
 */
public final class GenericFileRowReader implements FileRowReader {
  public static final GenericFileRowReader INSTANCE = new GenericFileRowReader();

  @Override
  public CloseableIterable<Record> open(Table table, FileScanTask task, Schema projected) {
    if (task.file().format() != FileFormat.PARQUET) {
      throw new MmlakeException(ErrorCode.UNSUPPORTED, "mmlake reads Parquet data files only; "
          + task.file().location() + " is " + task.file().format());
    }
    if (!task.deletes().isEmpty()) {
      throw new MmlakeException(ErrorCode.UNSUPPORTED, "Data file " + task.file().location()
          + " has row-level delete files, which mmlake does not read yet; rewrite the table "
          + "(CREATE TABLE copy AS SELECT ...) or compact it with a v2-capable engine");
    }
    return Parquet.read(table.io().newInputFile(task.file().location()))
        .project(projected)
        .split(task.start(), task.length())
        .filter(task.residual())
        .caseSensitive(false)
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(projected, fileSchema))
        .build();
  }
}
