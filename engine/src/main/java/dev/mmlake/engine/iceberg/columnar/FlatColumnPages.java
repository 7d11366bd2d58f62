package dev.mmlake.engine.iceberg.columnar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The pages of one column chunk, flat or a list's element column (one repetition level), decoded
 * straight from the page bytes a run at a time: repetition and definition levels and dictionary
 * ids with {@link HybridIntDecoder}, plain values with absolute little-endian reads. This skips
 * Parquet-MR's value-at-a-time column reader, whose per-value stream reads and level checks were
 * most of a scan's time.
 *
 * <p>For a flat column a caller asks for rows with {@link #nextRows}, which fills the null flags
 * of up to the rest of the current page and says how many of those rows have values; it then
 * takes exactly that many values, densely, with one of the {@code read*} methods, and spreads them
 * over the non-null rows. For a list it takes levels with {@link #nextLevels} and the values of
 * the defined elements among them with {@link #readFloats}, before asking for more levels.
 */
final class FlatColumnPages {
  private static final Set<Encoding> DECODED = EnumSet.of(Encoding.PLAIN, Encoding.RLE,
      Encoding.BIT_PACKED, Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
  private static final Set<PrimitiveTypeName> TYPES = EnumSet.of(PrimitiveTypeName.INT32,
      PrimitiveTypeName.INT64, PrimitiveTypeName.FLOAT, PrimitiveTypeName.DOUBLE,
      PrimitiveTypeName.BINARY);

  private final PageReader pages;
  private final ColumnDescriptor column;
  private final int maxDefinition;
  private final HybridIntDecoder levels;
  private final HybridIntDecoder repetition;
  private long chunkValuesLeft;
  private final Dictionary dictionary;
  private HybridIntDecoder ids;
  private int[] scratch = new int[0];
  private long[] dictLongs;
  private double[] dictDoubles;
  private Binary[] dictBinaries;

  private ByteBuffer values;
  private int valuePos;
  private int valueEnd;
  private boolean dictionaryEncoded;
  private int pageValuesLeft;
  private int chunkValues;

  /** True when this class decodes every page of {@code chunk}; else use Parquet's reader. */
  static boolean decodes(ColumnDescriptor column, ColumnChunkMetaData chunk) {
    return column.getMaxRepetitionLevel() <= 1 && chunk != null
        && TYPES.contains(column.getPrimitiveType().getPrimitiveTypeName())
        && DECODED.containsAll(chunk.getEncodings());
  }

  FlatColumnPages(PageReader pages, ColumnDescriptor column) {
    this.pages = pages;
    this.column = column;
    this.maxDefinition = column.getMaxDefinitionLevel();
    this.levels = new HybridIntDecoder(32 - Integer.numberOfLeadingZeros(maxDefinition));
    this.repetition = column.getMaxRepetitionLevel() == 0 ? null : new HybridIntDecoder(1);
    this.chunkValuesLeft = pages.getTotalValueCount();
    DictionaryPage dp = pages.readDictionaryPage();
    try {
      this.dictionary = dp == null ? null : dp.getEncoding().initDictionary(column, dp);
    } catch (IOException e) {
      throw new ParquetDecodingException("Cannot read the dictionary of column "
          + Arrays.toString(column.getPath()), e);
    }
  }

  /**
   * Sets {@code nulls[off..off+n)} for the next {@code n <= max} rows, all within one page, and
   * returns {@code n}; {@link #valuesInRows()} then says how many of them are not null.
   */
  int nextRows(boolean[] nulls, int off, int max) {
    if (pageValuesLeft == 0) {
      nextPage();
    }
    int n = Math.min(max, pageValuesLeft);
    pageValuesLeft -= n;
    chunkValuesLeft -= n;
    if (maxDefinition == 0) {
      Arrays.fill(nulls, off, off + n, false);
      chunkValues = n;
      return n;
    }
    int[] lv = scratch(n);
    levels.read(lv, 0, n);
    int present = 0;
    for (int i = 0; i < n; i++) {
      boolean isNull = lv[i] != maxDefinition;
      nulls[off + i] = isNull;
      present += isNull ? 0 : 1;
    }
    chunkValues = present;
    return n;
  }

  /**
   * The repetition and definition levels of up to {@code max} next values of a list's element
   * column, all from one page, into {@code rep[0..n)} and {@code def[0..n)}; returns n, 0 at the
   * end of the column chunk. Read the values of the defined ones before calling again.
   */
  int nextLevels(int[] rep, int[] def, int max) {
    if (chunkValuesLeft == 0) {
      return 0;
    }
    if (pageValuesLeft == 0) {
      nextPage();
    }
    int n = Math.min(max, pageValuesLeft);
    pageValuesLeft -= n;
    chunkValuesLeft -= n;
    repetition.read(rep, 0, n);
    if (maxDefinition == 0) {
      Arrays.fill(def, 0, n, 0);
    } else {
      levels.read(def, 0, n);
    }
    return n;
  }

  /** The next {@code k} values of a FLOAT column into {@code dst[off..off+k)}. */
  void readFloats(float[] dst, int off, int k) {
    if (dictionaryEncoded) {
      if (dictDoubles == null) {
        dictDoubles = new double[dictionary.getMaxId() + 1];
        for (int i = 0; i < dictDoubles.length; i++) {
          dictDoubles[i] = dictionary.decodeToFloat(i);
        }
      }
      int[] id = dictionaryIds(k, dictDoubles.length);
      for (int i = 0; i < k; i++) {
        dst[off + i] = (float) dictDoubles[id[i]];
      }
      return;
    }
    plainSlice(k, 4).asFloatBuffer().get(dst, off, k);
  }

  /** Non-null rows among those of the last {@link #nextRows} call. */
  int valuesInRows() {
    return chunkValues;
  }

  /** The next {@code k} values of an INT32 or INT64 column into {@code dst[off..off+k)}. */
  void readLongs(long[] dst, int off, int k) {
    boolean int32 = column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32;
    if (dictionaryEncoded) {
      if (dictLongs == null) {
        dictLongs = new long[dictionary.getMaxId() + 1];
        for (int i = 0; i < dictLongs.length; i++) {
          dictLongs[i] = int32 ? dictionary.decodeToInt(i) : dictionary.decodeToLong(i);
        }
      }
      int[] id = dictionaryIds(k, dictLongs.length);
      for (int i = 0; i < k; i++) {
        dst[off + i] = dictLongs[id[i]];
      }
      return;
    }
    if (!int32) {
      plainSlice(k, 8).asLongBuffer().get(dst, off, k);
      return;
    }
    int p = plainBytes(k, 4);
    for (int i = 0; i < k; i++, p += 4) {
      dst[off + i] = values.getInt(p);
    }
  }

  /** The next {@code k} values of a FLOAT or DOUBLE column into {@code dst[off..off+k)}. */
  void readDoubles(double[] dst, int off, int k) {
    boolean float32 = column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.FLOAT;
    if (dictionaryEncoded) {
      if (dictDoubles == null) {
        dictDoubles = new double[dictionary.getMaxId() + 1];
        for (int i = 0; i < dictDoubles.length; i++) {
          dictDoubles[i] = float32 ? dictionary.decodeToFloat(i) : dictionary.decodeToDouble(i);
        }
      }
      int[] id = dictionaryIds(k, dictDoubles.length);
      for (int i = 0; i < k; i++) {
        dst[off + i] = dictDoubles[id[i]];
      }
      return;
    }
    if (!float32) {
      plainSlice(k, 8).asDoubleBuffer().get(dst, off, k);
      return;
    }
    int p = plainBytes(k, 4);
    for (int i = 0; i < k; i++, p += 4) {
      dst[off + i] = values.getFloat(p);
    }
  }

  /**
   * The current page's dictionary entries (one {@link Binary} each, decoded once per chunk), or
   * null when the page is plain-encoded.
   */
  Binary[] pageDictionary() {
    if (!dictionaryEncoded) {
      return null;
    }
    if (dictBinaries == null) {
      dictBinaries = new Binary[dictionary.getMaxId() + 1];
      for (int i = 0; i < dictBinaries.length; i++) {
        dictBinaries[i] = dictionary.decodeToBinary(i);
      }
    }
    return dictBinaries;
  }

  /**
   * The dictionary ids of the next {@code k} values of a dictionary-encoded page into
   * {@code dst[off..off+k)}, checked against the dictionary's {@code size}.
   */
  void readEntryIds(int[] dst, int off, int k, int size) {
    ids.read(dst, off, k);
    int bad = 0;
    for (int i = off; i < off + k; i++) {
      bad |= dst[i] | (size - 1 - dst[i]); // negative when dst[i] < 0 or >= size
    }
    if (bad < 0) {
      for (int i = off; i < off + k; i++) {
        if (dst[i] < 0 || dst[i] >= size) {
          throw corrupt("dictionary id " + dst[i] + " is outside the dictionary of " + size);
        }
      }
    }
  }

  /**
   * The next {@code k} values of a plain-encoded BINARY page into {@code dst[off..off+k)}, each a
   * view of the page's bytes (dictionary pages are read by {@link #readEntryIds}).
   */
  void readPlainBinaries(Binary[] dst, int off, int k) {
    if (dictionaryEncoded) {
      throw new IllegalStateException("a dictionary page is read as entry ids");
    }
    int p = valuePos;
    for (int i = 0; i < k; i++) {
      if (p + 4 > valueEnd) {
        throw corrupt("a string runs past the end of its page");
      }
      int len = values.getInt(p);
      if (len < 0 || p + 4 + len > valueEnd) {
        throw corrupt("a string of " + len + " bytes runs past the end of its page");
      }
      dst[off + i] = Binary.fromConstantByteBuffer(values, p + 4, len);
      p += 4 + len;
    }
    valuePos = p;
  }

  /** Spreads {@code k} dense values at {@code v[off..off+k)} over the non-null rows of n. */
  static void spread(long[] v, boolean[] nulls, int off, int n, int k) {
    for (int i = n - 1, j = k - 1; i > j; i--) {
      if (!nulls[off + i]) {
        v[off + i] = v[off + j--];
      }
    }
  }

  /** As {@link #spread(long[], boolean[], int, int, int)} for doubles. */
  static void spread(double[] v, boolean[] nulls, int off, int n, int k) {
    for (int i = n - 1, j = k - 1; i > j; i--) {
      if (!nulls[off + i]) {
        v[off + i] = v[off + j--];
      }
    }
  }

  /** As {@link #spread(long[], boolean[], int, int, int)} for binaries. */
  static void spread(Binary[] v, boolean[] nulls, int off, int n, int k) {
    for (int i = n - 1, j = k - 1; i > j; i--) {
      if (!nulls[off + i]) {
        v[off + i] = v[off + j--];
      }
    }
  }

  /**
   * As {@link #spread(long[], boolean[], int, int, int)} for dictionary entry ids; a null row's
   * id becomes -1, as consumers of the ids tell entries apart by id alone.
   */
  static void spread(int[] entries, boolean[] nulls, int off, int n, int k) {
    for (int i = n - 1, j = k - 1; i >= 0; i--) {
      if (nulls[off + i]) {
        entries[off + i] = -1;
      } else {
        entries[off + i] = entries[off + j--];
      }
    }
  }

  private int[] dictionaryIds(int k, int size) {
    int[] id = scratch(k);
    readEntryIds(id, 0, k, size);
    return id;
  }

  /**
   * The next {@code k} plain values of {@code width} bytes as a little-endian view, for one bulk
   * copy into an array (a memory copy on little-endian machines).
   */
  private ByteBuffer plainSlice(int k, int width) {
    return values.slice(plainBytes(k, width), k * width).order(ByteOrder.LITTLE_ENDIAN);
  }

  private int plainBytes(int k, int width) {
    int p = valuePos;
    if ((long) p + (long) k * width > valueEnd) {
      throw corrupt(k + " values of " + width + " bytes run past the end of their page");
    }
    valuePos = p + k * width;
    return p;
  }

  private int[] scratch(int n) {
    if (scratch.length < n) {
      scratch = new int[Math.max(n, ColumnarParquetReader.BATCH_ROWS)];
    }
    return scratch;
  }

  private void nextPage() {
    DataPage page = pages.readPage();
    if (page == null) {
      throw corrupt("the column chunk has fewer values than its row group has rows");
    }
    pageValuesLeft = page.getValueCount();
    Encoding encoding;
    ByteBuffer data;
    int pos;
    try {
      if (page instanceof DataPageV1 v1) {
        data = bytes(v1.getBytes());
        pos = data.position();
        if (repetition != null) {
          if (v1.getRlEncoding() != Encoding.RLE) {
            throw corrupt("repetition levels are " + v1.getRlEncoding()
                + ", which this reader does not decode; read the table with scan.reader=generic");
          }
          int len = data.getInt(pos);
          repetition.reset(data, pos + 4, pos + 4 + len);
          pos += 4 + len;
        }
        if (maxDefinition > 0) {
          if (v1.getDlEncoding() != Encoding.RLE) {
            throw corrupt("definition levels are " + v1.getDlEncoding()
                + ", which this reader does not decode; read the table with scan.reader=generic");
          }
          int len = data.getInt(pos);
          levels.reset(data, pos + 4, pos + 4 + len);
          pos += 4 + len;
        }
        encoding = v1.getValueEncoding();
      } else {
        DataPageV2 v2 = (DataPageV2) page;
        if (v2.isCompressed()) {
          throw corrupt("a version 2 page is still compressed after reading");
        }
        if (repetition != null) {
          ByteBuffer rl = bytes(v2.getRepetitionLevels());
          repetition.reset(rl, rl.position(), rl.limit());
        }
        if (maxDefinition > 0) {
          ByteBuffer dl = bytes(v2.getDefinitionLevels());
          levels.reset(dl, dl.position(), dl.limit());
        }
        data = bytes(v2.getData());
        pos = data.position();
        encoding = v2.getDataEncoding();
      }
    } catch (IOException e) {
      throw new ParquetDecodingException("Cannot read a page of column "
          + Arrays.toString(column.getPath()), e);
    }
    values = data;
    valueEnd = data.limit();
    dictionaryEncoded = encoding.usesDictionary();
    if (dictionaryEncoded) {
      if (dictionary == null) {
        throw corrupt("a dictionary-encoded page has no dictionary page");
      }
      int width = data.get(pos) & 0xFF;
      if (ids == null || ids.bitWidth() != width) {
        ids = new HybridIntDecoder(width);
      }
      ids.reset(data, pos + 1, valueEnd);
    } else if (encoding != Encoding.PLAIN) {
      throw corrupt("values are " + encoding + ", which this reader does not decode; read the "
          + "table with scan.reader=generic");
    }
    valuePos = pos;
  }

  private static ByteBuffer bytes(BytesInput in) throws IOException {
    return in.toByteBuffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  private ParquetDecodingException corrupt(String what) {
    return new ParquetDecodingException("Column " + String.join(".", column.getPath()) + ": "
        + what);
  }
}
