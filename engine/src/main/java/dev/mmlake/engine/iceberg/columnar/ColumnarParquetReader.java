package dev.mmlake.engine.iceberg.columnar;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.parquet.ParquetDictionaryRowGroupFilter;
import org.apache.iceberg.parquet.ParquetMetricsRowGroupFilter;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.types.Types;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a Parquet file scan task column by column: row groups outside the task's byte range or
 * excluded by their statistics or dictionaries are skipped, each remaining row group is decoded
 * in batches of {@value #BATCH_ROWS} rows into primitive buffers (primitive columns and float
 * lists straight from their pages by {@link FlatColumnPages}, other lists and encodings through
 * Parquet's column readers), the filter is checked on the buffers, and only the rows that pass become row objects ({@link #read}) or a
 * {@link ColumnBatch} ({@link #readBatches}: the buffers themselves when every row passed, else
 * the passing rows copied together).
 *
 * <p>Tasks with delete files, files without Iceberg field ids and column types this reader does
 * not decode are refused with {@link UnsupportedTaskException} before any row is produced; the
 * caller reads those with Iceberg's generic reader.
 */
public final class ColumnarParquetReader {
  /** Rows decoded per batch. */
  public static final int BATCH_ROWS = 4096;

  /**
   * One Hadoop configuration for every read: a new one parses Hadoop's default XML resources on
   * first use, which cost more than reading a small row group (a third of a GROUP BY's scan
   * time at 10^6 rows). Only read after it is loaded here.
   */
  private static final ParquetConfiguration PARQUET_CONF = loadedConfiguration();

  private static ParquetConfiguration loadedConfiguration() {
    Configuration conf = new Configuration();
    conf.size(); // parses the default resources now, once
    return new HadoopParquetConfiguration(conf);
  }

  /** Receives the rows of a batch that passed the filter. */
  @FunctionalInterface
  public interface BatchSink {
    /** {@code rows[0..count)} are new arrays the sink may keep. */
    void accept(Object[][] rows, int count);
  }

  /** The task needs Iceberg's generic reader; nothing was produced. */
  public static final class UnsupportedTaskException extends Exception {
    UnsupportedTaskException(String message) {
      super(message, null, false, false);
    }
  }

  private final Table table;
  private final Schema readSchema;
  private final int width;

  /**
   * @param readSchema the columns to decode: the {@code width} output columns first, then any
   *     column only the filter needs
   */
  public ColumnarParquetReader(Table table, Schema readSchema, int width) {
    this.table = table;
    this.readSchema = readSchema;
    this.width = width;
  }

  /** What becomes of a decoded batch: rows for Calcite, or a {@link ColumnBatch}. */
  private interface BatchEmitter {
    /** The first {@code n} rows of the decoders' current batch; {@code test}: the filter. */
    void emit(DecoderFactory.Decoding[] decodings, int n, BatchFilter.RowTest test);
  }

  /** Reads {@code task}; returns the rows decoded (before the filter). */
  public long read(FileScanTask task, BatchSink sink) throws IOException, UnsupportedTaskException {
    return read(task, (decodings, n, test) -> emitRows(decodings, n, test, sink));
  }

  /**
   * Reads {@code task} as column batches: the output columns of the rows of each decoded batch
   * that passed the filter are handed to {@code sink}, every row selected (batches where none
   * passed are not handed out). Returns the rows decoded (before the filter).
   */
  public long readBatches(FileScanTask task, ColumnBatchSink sink)
      throws IOException, UnsupportedTaskException {
    return read(task, (decodings, n, test) -> emitBatch(decodings, n, test, sink));
  }

  private long read(FileScanTask task, BatchEmitter emitter)
      throws IOException, UnsupportedTaskException {
    if (task.file().format() != FileFormat.PARQUET || !task.deletes().isEmpty()) {
      throw new UnsupportedTaskException("not a plain Parquet task");
    }
    String location = task.file().location();
    long length = task.file().fileSizeInBytes();
    // the length from the manifest: no file system call to ask for it
    IcebergParquetInput input = new IcebergParquetInput(table.io().newInputFile(location, length));
    ParquetReadOptions options = ParquetReadOptions.builder(PARQUET_CONF)
        .withCodecFactory(new PageDecompressors(PARQUET_CONF)).build();
    SeekableInputStream stream = input.newStream();
    ParquetFileReader opened;
    try {
      ParquetMetadata footer = ParquetFooters.get(location, length,
          () -> ParquetFileReader.readFooter(input, options, stream));
      opened = new ParquetFileReader(input, footer, options, stream);
    } catch (IOException | RuntimeException e) {
      stream.close();
      throw e;
    }
    try (ParquetFileReader reader = opened) {
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      if (!ParquetSchemaUtil.hasIds(fileSchema)) {
        throw new UnsupportedTaskException("the file has no Iceberg field ids");
      }
      MessageType projection = ParquetSchemaUtil.pruneColumns(fileSchema, readSchema);
      List<Types.NestedField> fields = readSchema.columns();
      DecoderFactory.Decoding[] decodings = new DecoderFactory.Decoding[fields.size()];
      Map<Integer, ColumnDecoder> byFieldId = new HashMap<>();
      try {
        for (int i = 0; i < decodings.length; i++) {
          decodings[i] = DecoderFactory.decoding(fields.get(i), projection);
          byFieldId.put(fields.get(i).fieldId(), decodings[i].decoder());
        }
      } catch (DecoderFactory.UnsupportedColumnException e) {
        throw new UnsupportedTaskException(e.getMessage());
      }
      reader.setRequestedSchema(projection);
      Expression residual = task.residual();
      boolean filtered = residual.op() != Expression.Operation.TRUE;
      BatchFilter.RowTest test = filtered ? BatchFilter.compile(
          Binder.bind(readSchema.asStruct(), Expressions.rewriteNot(residual), false), byFieldId)
          : null;
      ParquetMetricsRowGroupFilter stats = filtered
          ? new ParquetMetricsRowGroupFilter(readSchema, residual, false) : null;
      ParquetDictionaryRowGroupFilter dictionaries = filtered
          ? new ParquetDictionaryRowGroupFilter(readSchema, residual, false) : null;
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      long start = task.start();
      long end = start + task.length();
      long decoded = 0;
      List<BlockMetaData> groups = reader.getRowGroups();
      for (int g = 0; g < groups.size(); g++) {
        BlockMetaData block = groups.get(g);
        if (block.getStartingPos() < start || block.getStartingPos() >= end) {
          continue;
        }
        if (filtered && (!stats.shouldRead(fileSchema, block) || !dictionaries.shouldRead(
            fileSchema, block, reader.getDictionaryReader(block)))) {
          continue;
        }
        PageReadStore pages = reader.readRowGroup(g);
        decoded += readRowGroup(pages, block, projection, createdBy, decodings, test, emitter);
      }
      return decoded;
    }
  }

  /**
   * Decodes one row group: columns whose decoder reads pages and whose encodings
   * {@link FlatColumnPages} knows straight from their pages, the others through Parquet's column
   * readers.
   */
  private long readRowGroup(PageReadStore pages, BlockMetaData block, MessageType projection,
      String createdBy, DecoderFactory.Decoding[] decodings, BatchFilter.RowTest test,
      BatchEmitter emitter) {
    ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages,
        NoOpConverters.forSchema(projection), projection, createdBy);
    ColumnReader[] readers = new ColumnReader[decodings.length];
    FlatColumnPages[] direct = new FlatColumnPages[decodings.length];
    for (int i = 0; i < decodings.length; i++) {
      ColumnDecoder decoder = decodings[i].decoder();
      ColumnDescriptor column = decodings[i].column();
      decoder.startRowGroup();
      if (column == null) {
        continue;
      }
      if (decoder.readsPages() && FlatColumnPages.decodes(column, chunk(block, column))) {
        direct[i] = new FlatColumnPages(pages.getPageReader(column), column);
      } else {
        readers[i] = store.getColumnReader(column);
      }
    }
    long rows = pages.getRowCount();
    for (long done = 0; done < rows; ) {
      int n = (int) Math.min(BATCH_ROWS, rows - done);
      for (int i = 0; i < decodings.length; i++) {
        if (direct[i] != null) {
          decodings[i].decoder().read(direct[i], n);
        } else {
          decodings[i].decoder().read(readers[i], n);
        }
      }
      emitter.emit(decodings, n, test);
      done += n;
    }
    return rows;
  }

  private static ColumnChunkMetaData chunk(BlockMetaData block, ColumnDescriptor column) {
    ColumnPath path = ColumnPath.get(column.getPath());
    for (ColumnChunkMetaData c : block.getColumns()) {
      if (c.getPath().equals(path)) {
        return c;
      }
    }
    return null;
  }

  /** The passing rows as objects, filled a column at a time (one tight loop per decoder). */
  private void emitRows(DecoderFactory.Decoding[] decodings, int n, BatchFilter.RowTest test,
      BatchSink sink) {
    int[] selected = test == null ? null : new int[n];
    int kept = test == null ? n : test.select(n, selected);
    if (kept == 0) {
      return;
    }
    Object[][] out = new Object[kept][];
    for (int i = 0; i < kept; i++) {
      out[i] = new Object[width];
    }
    for (int c = 0; c < width; c++) {
      decodings[c].decoder().fill(out, c, selected, kept);
    }
    sink.accept(out, kept);
  }

  private void emitBatch(DecoderFactory.Decoding[] decodings, int n, BatchFilter.RowTest test,
      ColumnBatchSink sink) {
    int[] selected = test == null ? null : new int[n];
    int kept = test == null ? n : test.select(n, selected);
    if (kept == 0) {
      return;
    }
    if (kept == n) {
      selected = null;
    }
    // a filtered batch keeps only the rows that passed, copied together
    ColumnVector[] columns = new ColumnVector[width];
    for (int c = 0; c < width; c++) {
      columns[c] = decodings[c].decoder().detach(n, selected, kept);
    }
    sink.accept(new ColumnBatch(kept, null, kept, columns));
  }
}
