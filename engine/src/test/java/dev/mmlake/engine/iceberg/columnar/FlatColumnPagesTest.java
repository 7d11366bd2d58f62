package dev.mmlake.engine.iceberg.columnar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoding flat columns straight from their pages gives exactly what Parquet's own column reader
 * gives: version 1 and 2 pages, many small pages, nulls across page boundaries, dictionary pages
 * and the switch to plain encoding when a dictionary grows too big, float lists (null, empty,
 * with null elements, longer than a page), in batches of any size.
 */
class FlatColumnPagesTest {
  private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message m {"
      + " required int64 id = 1; optional int32 small = 2; optional double d = 3;"
      + " optional float f = 4; optional binary few (STRING) = 5;"
      + " optional binary many (STRING) = 6;"
      + " optional group v (LIST) = 7 { repeated group list { optional float element = 8; } } }");
  private static final int ROWS = 20_000;

  @TempDir
  Path dir;

  private Path write(WriterVersion version) throws IOException {
    Path file = dir.resolve(version + ".parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    Random rnd = new Random(7);
    String[] few = {"web", "books", "news", "code", "forum"};
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withType(SCHEMA).withWriterVersion(version).withPageSize(1024)
        .withPageRowCountLimit(700).withDictionaryPageSize(4096).withRowGroupSize(256L << 10)
        .build()) {
      for (int i = 0; i < ROWS; i++) {
        Group g = groups.newGroup().append("id", (long) i * 31);
        if (rnd.nextInt(5) > 0) {
          g.append("small", rnd.nextInt(100) - 50);
        }
        if (rnd.nextInt(3) > 0) {
          g.append("d", rnd.nextBoolean() ? rnd.nextGaussian() : rnd.nextInt(4));
        }
        if (rnd.nextInt(4) > 0) {
          g.append("f", (float) rnd.nextGaussian());
        }
        if (rnd.nextInt(6) > 0) {
          g.append("few", few[rnd.nextInt(few.length)]);
        }
        if (i % 9 != 0) {
          // repeated values first, then unique ones that outgrow the dictionary
          g.append("many", i % 5000 < 2000 ? "v" + i % 50 : "value-" + rnd.nextInt(1_000_000));
        }
        if (i % 13 != 0) {
          Group v = g.addGroup("v"); // i % 13 == 0: a null list; length 0: an empty one
          int length = i % 3 == 0 ? 384 : rnd.nextInt(40);
          for (int e = 0; e < length; e++) {
            Group element = v.addGroup("list");
            if (rnd.nextInt(500) > 0) {
              element.append("element", (float) rnd.nextGaussian()); // else a null element
            }
          }
        }
        w.write(g);
      }
    }
    return file;
  }

  private static ColumnDecoder decoderFor(ColumnDescriptor c) {
    int maxDef = c.getMaxDefinitionLevel();
    return switch (c.getPath()[0]) {
      case "id" -> new LongColumnDecoder(false, LongColumnDecoder.Kind.LONG, maxDef);
      case "small" -> new LongColumnDecoder(true, LongColumnDecoder.Kind.INT, maxDef);
      case "d" -> new DoubleColumnDecoder(false, false, maxDef);
      case "f" -> new DoubleColumnDecoder(true, true, maxDef);
      case "v" -> new ListColumnDecoder(ListColumnDecoder.Element.FLOAT, 1, 2, maxDef);
      default -> new BinaryColumnDecoder(true, maxDef);
    };
  }

  /** Every column decoded from pages (where it can be) and by Parquet's reader, side by side. */
  private static int compareColumns(Path file) throws IOException {
    Random sizes = new Random(3);
    int decodedFromPages = 0;
    try (ParquetFileReader pagesFile = ParquetFileReader.open(new LocalInputFile(file));
         ParquetFileReader readerFile = ParquetFileReader.open(new LocalInputFile(file))) {
      String createdBy = readerFile.getFooter().getFileMetaData().getCreatedBy();
      List<BlockMetaData> blocks = pagesFile.getRowGroups();
      assertThat(blocks).as("several row groups").hasSizeGreaterThan(1);
      for (BlockMetaData block : blocks) {
        PageReadStore pages = pagesFile.readNextRowGroup();
        PageReadStore reference = readerFile.readNextRowGroup();
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(reference,
            NoOpConverters.forSchema(SCHEMA), SCHEMA, createdBy);
        for (ColumnDescriptor c : SCHEMA.getColumns()) {
          ColumnChunkMetaData chunk = block.getColumns().stream()
              .filter(m -> Arrays.equals(m.getPath().toArray(), c.getPath())).findFirst()
              .orElseThrow();
          if (!FlatColumnPages.decodes(c, chunk)) {
            continue;
          }
          decodedFromPages++;
          FlatColumnPages direct = new FlatColumnPages(pages.getPageReader(c), c);
          ColumnReader expected = store.getColumnReader(c);
          ColumnDecoder mine = decoderFor(c);
          ColumnDecoder theirs = decoderFor(c);
          long rows = pages.getRowCount();
          for (long done = 0; done < rows; ) {
            int n = (int) Math.min(1 + sizes.nextInt(1500), rows - done);
            mine.read(direct, n);
            theirs.read(expected, n);
            for (int r = 0; r < n; r++) {
              assertThat(mine.value(r)).as("%s row %d", c, done + r)
                  .isEqualTo(theirs.value(r));
            }
            done += n;
          }
        }
      }
    }
    return decodedFromPages;
  }

  @Test
  void version1PagesDecodeAsParquetReadsThem() throws IOException {
    Path file = write(WriterVersion.PARQUET_1_0);
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      // a dictionary that overflowed: dictionary-encoded pages, then plain ones, in one chunk
      assertThat(r.getRowGroups()).anySatisfy(b -> assertThat(b.getColumns().get(5)
          .getEncodings()).contains(Encoding.PLAIN, Encoding.PLAIN_DICTIONARY));
    }
    int blocks;
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      blocks = r.getRowGroups().size();
    }
    assertThat(compareColumns(file)).as("every column of every row group")
        .isEqualTo(blocks * SCHEMA.getColumns().size());
  }

  @Test
  void version2PagesDecodeAsParquetReadsThem() throws IOException {
    // version 2 writes delta encodings for some columns: those stay with Parquet's reader
    assertThat(compareColumns(write(WriterVersion.PARQUET_2_0))).isPositive();
  }

  @Test
  void hybridRunsDecodeToTheEncodedValues() throws IOException {
    Random rnd = new Random(11);
    for (int width : new int[] {0, 1, 2, 3, 5, 8, 12, 17, 24, 32}) {
      int[] values = new int[5_000];
      long bound = width == 0 ? 1 : Math.min(1L << width, Integer.MAX_VALUE);
      for (int i = 0; i < values.length; ) {
        int run = rnd.nextBoolean() ? 1 + rnd.nextInt(40) : 1; // repeated runs and noise
        int v = width == 32 ? rnd.nextInt() : (int) Math.floorMod(rnd.nextLong(), bound);
        for (int k = 0; k < run && i < values.length; k++) {
          values[i++] = v;
        }
      }
      ByteBuffer encoded = encode(width, values);
      HybridIntDecoder d = new HybridIntDecoder(width);
      d.reset(encoded, encoded.position(), encoded.limit());
      int[] out = new int[values.length];
      for (int done = 0; done < values.length; ) {
        int n = Math.min(1 + rnd.nextInt(300), values.length - done);
        d.read(out, done, n);
        done += n;
      }
      assertThat(out).as("bit width %d", width).isEqualTo(values);
    }
  }

  @Test
  void truncatedRunsAreReportedAsCorruptPages() throws IOException {
    int[] values = new int[1000];
    Arrays.setAll(values, i -> i % 7);
    ByteBuffer encoded = encode(3, values);
    HybridIntDecoder d = new HybridIntDecoder(3);
    d.reset(encoded, encoded.position(), encoded.position() + 10);
    assertThatThrownBy(() -> d.read(new int[1000], 0, 1000))
        .isInstanceOf(ParquetDecodingException.class)
        .hasMessageContaining("Corrupt Parquet page");
  }

  private static ByteBuffer encode(int width, int[] values) throws IOException {
    try (RunLengthBitPackingHybridEncoder e = new RunLengthBitPackingHybridEncoder(width, 64,
        1 << 20, new HeapByteBufferAllocator())) {
      for (int v : values) {
        e.writeInt(v);
      }
      return ByteBuffer.wrap(e.toBytes().toByteArray());
    }
  }
}
