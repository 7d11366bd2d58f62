package dev.mmlake.engine.iceberg;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

/**
 * Iceberg's row-at-a-time generic Parquet reader. Row groups whose statistics exclude the task's
 * residual filter are skipped; rows are not filtered here (the SQL layer evaluates every filter).
 * Rows removed by the task's position or equality delete files are dropped.
 */
public final class GenericFileRowReader implements FileRowReader {
  public static final GenericFileRowReader INSTANCE = new GenericFileRowReader();

  @Override
  public CloseableIterable<Record> open(Table table, FileScanTask task, Schema projected) {
    if (task.file().format() != FileFormat.PARQUET) {
      throw new MmlakeException(ErrorCode.UNSUPPORTED, "mmlake reads Parquet data files only; "
          + task.file().location() + " is " + task.file().format());
    }
    if (task.deletes().isEmpty()) {
      return read(table, task, projected);
    }
    // Row-level deletes (position or equality, e.g. from Spark, Trino or Iceberg's RowDelta): read
    // the columns and row positions the deletes need after the projected ones, then drop deleted
    // rows. The projected columns keep their positions at the front of each record.
    GenericDeleteFilter deletes = new GenericDeleteFilter(table.io(), task, table.schema(),
        projected);
    return deletes.filter(read(table, task, deletes.requiredSchema()));
  }

  private static CloseableIterable<Record> read(Table table, FileScanTask task, Schema schema) {
    return Parquet.read(table.io().newInputFile(task.file().location()))
        .project(schema)
        .split(task.start(), task.length())
        .filter(task.residual())
        .caseSensitive(false)
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
        .build();
  }
}
