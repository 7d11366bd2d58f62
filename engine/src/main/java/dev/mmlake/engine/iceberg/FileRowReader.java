package dev.mmlake.engine.iceberg;

import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Reads the rows of one planned data file. The seam where a vectorized reader plugs in. */
public interface FileRowReader {
  /**
   * Opens the rows of {@code task} with the columns of {@code projected}, in that order. Rows
   * removed by delete files must not be returned.
   */
  CloseableIterable<Record> open(Table table, FileScanTask task, Schema projected);
}
