package dev.mmlake.engine.iceberg.columnar;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;

/**
 * BINARY columns: Iceberg string (to {@link String}) and binary (to {@link ByteString}). Values
 * stay {@link Binary} until a row is materialized; a dictionary-encoded page hands out one
 * {@link Binary} per dictionary entry, so each distinct string is decoded once per row group, and
 * a filter on the column ({@link #test}) is evaluated once per dictionary entry.
 */
final class BinaryColumnDecoder extends ColumnDecoder {
  private static final int CACHE_LIMIT = 4096;

  private final boolean string;
  private final int maxDefinition;
  private final Map<Binary, String> decoded = new IdentityHashMap<>();
  /** Each row's value, for rows not read as a dictionary entry id. */
  private Binary[] values = new Binary[0];
  /** Each row's dictionary entry id when read from pages, else -1. */
  private int[] entries = new int[0];
  /** The current row group's dictionary entries when read from pages, by id. */
  private Binary[] dictionary;
  /** Whether {@link #entryBytes} holds every entry of {@link #dictionary}. */
  private boolean allEntryBytes;
  /** Changes with each row group, whose dictionary is a new one. */
  private int dictionaryGeneration;
  /** The bytes of the current dictionary's entries, by id, as far as copied. */
  private byte[][] entryBytes = new byte[16][];
  /** The strings of the current dictionary's entries, by id, as far as decoded. */
  private String[] entryStrings = new String[16];
  /** Whether the current row group is read from its pages (else by Parquet's column reader). */
  private boolean fromPages;
  /** Stands for the current row group's dictionary in detached vectors. */
  private Object dictionaryToken = new Object();

  BinaryColumnDecoder(boolean string, int maxDefinition) {
    this.string = string;
    this.maxDefinition = maxDefinition;
  }

  @Override
  void startRowGroup() {
    decoded.clear();
    dictionaryGeneration++;
    dictionaryToken = new Object();
    dictionary = null;
    allEntryBytes = false;
    // new arrays, not cleared ones: detached vectors keep referring to the old row group's
    entryBytes = new byte[16][];
    entryStrings = new String[16];
  }

  @Override
  boolean readsPages() {
    return true;
  }

  @Override
  void read(FlatColumnPages pages, int rows) {
    fromPages = true;
    ensureCapacity(rows);
    readRuns(pages, rows, (off, n, k) -> {
      Binary[] dict = pages.pageDictionary();
      if (dict != null) {
        // a dictionary page: only the ids; values[] of these rows stay unused
        dictionary = dict;
        pages.readEntryIds(entries, off, k, dict.length);
        if (k < n) {
          FlatColumnPages.spread(entries, nulls, off, n, k);
        }
      } else {
        pages.readPlainBinaries(values, off, k);
        Arrays.fill(entries, off, off + n, -1);
        if (k < n) {
          FlatColumnPages.spread(values, nulls, off, n, k);
        }
      }
    });
  }

  private void ensureCapacity(int rows) {
    ensureNulls(rows);
    if (values.length < rows) {
      values = new Binary[Math.max(rows, values.length * 2)];
      entries = new int[values.length];
    }
  }

  @Override
  void read(ColumnReader reader, int rows) {
    fromPages = false;
    ensureCapacity(rows);
    Arrays.fill(entries, 0, rows, -1);
    for (int i = 0; i < rows; i++) {
      if (reader.getCurrentDefinitionLevel() == maxDefinition) {
        values[i] = reader.getBinary();
        nulls[i] = false;
      } else {
        values[i] = null;
        nulls[i] = true;
      }
      reader.consume();
    }
  }

  Binary raw(int row) {
    if (nulls[row]) {
      return null;
    }
    int id = entries[row];
    return id >= 0 ? dictionary[id] : values[row];
  }

  /**
   * A row test that passes null rows and rows whose value {@code accept} accepts; for rows of a
   * dictionary-encoded page it asks once per dictionary entry.
   */
  BatchFilter.RowTest test(Predicate<Binary> accept) {
    return new BatchFilter.RowTest() {
      /** Per dictionary entry: 1 accepted, 2 refused, 0 not asked yet. */
      private byte[] known = new byte[0];
      private int generation = -1;

      @Override
      public boolean test(int row) {
        if (nulls[row]) {
          return true;
        }
        int id = entries[row];
        if (id < 0) {
          return accept.test(raw(row));
        }
        if (generation != dictionaryGeneration) {
          generation = dictionaryGeneration;
          Arrays.fill(known, (byte) 0);
        }
        if (id >= known.length) {
          known = Arrays.copyOf(known, Math.max(id + 1, known.length * 2));
        }
        if (known[id] == 0) {
          known[id] = accept.test(dictionary[id]) ? (byte) 1 : (byte) 2;
        }
        return known[id] == 1;
      }

      /** With a dictionary, every entry is asked once up front and rows are a table lookup. */
      @Override
      public int select(int n, int[] out) {
        if (dictionary == null) {
          return BatchFilter.RowTest.super.select(n, out);
        }
        if (generation != dictionaryGeneration || known.length < dictionary.length) {
          generation = dictionaryGeneration;
          known = new byte[dictionary.length];
        }
        for (int id = 0; id < dictionary.length; id++) {
          if (known[id] == 0) {
            known[id] = accept.test(dictionary[id]) ? (byte) 1 : (byte) 2;
          }
        }
        byte[] pass = known;
        int kept = 0;
        for (int r = 0; r < n; r++) {
          int id = entries[r];
          if (nulls[r] || (id >= 0 ? pass[id] == 1 : accept.test(values[r]))) {
            out[kept++] = r;
          }
        }
        return kept;
      }
    };
  }

  /** Copies the values out of the Parquet pages (which the reader may reuse) into one array. */
  @Override
  ColumnVector detach(int rows, int[] selected, int count) {
    ColumnVector fromEntries = detachEntries(selected, count);
    if (fromEntries != null) {
      return fromEntries;
    }
    int[] offsets = new int[count + 1];
    int size = 0;
    for (int i = 0; i < count; i++) {
      Binary b = raw(selected == null ? i : selected[i]);
      offsets[i] = size;
      size += b == null ? 0 : b.length();
    }
    offsets[count] = size;
    byte[] data = new byte[size];
    for (int i = 0; i < count; i++) {
      int row = selected == null ? i : selected[i];
      Binary b = raw(row);
      if (b == null) {
        continue;
      }
      int id = entries[row];
      if (id >= 0) {
        byte[] entry = entryBytes(id, b);
        System.arraycopy(entry, 0, data, offsets[i], entry.length);
      } else {
        ByteBuffer bb = b.toByteBuffer();
        bb.get(bb.position(), data, offsets[i], b.length()); // absolute: bb is not moved
      }
    }
    int[] ids = new int[count];
    boolean fromDictionary = false;
    for (int i = 0; i < count; i++) {
      ids[i] = entries[selected == null ? i : selected[i]];
      fromDictionary |= ids[i] >= 0;
    }
    return new ColumnVector.ByteRows(new ColumnVector.Bytes(data, offsets),
        detachNulls(selected, count), string,
        fromDictionary ? new ColumnVector.DictionaryEntries(ids, dictionaryToken) : null);
  }

  /** The string of dictionary entry {@code id} (whose value is {@code b}), decoded once. */
  private String entryString(int id, Binary b) {
    if (id >= entryStrings.length) {
      entryStrings = Arrays.copyOf(entryStrings, Math.max(id + 1, entryStrings.length * 2));
    }
    String s = entryStrings[id];
    if (s == null) {
      s = b.toStringUsingUTF8();
      entryStrings[id] = s;
    }
    return s;
  }

  /**
   * The selected rows as dictionary entry ids over the entries' bytes, when every non-null one
   * was dictionary-encoded; else null.
   */
  private ColumnVector detachEntries(int[] selected, int count) {
    if (count == 0 || dictionary == null) {
      return null;
    }
    int[] ids = new int[count];
    for (int i = 0; i < count; i++) {
      int r = selected == null ? i : selected[i];
      int id = entries[r];
      if (id < 0 && !nulls[r]) {
        return null;
      }
      ids[i] = id;
    }
    if (!allEntryBytes) {
      // every entry's bytes at once: the dictionary is small next to its row group
      for (int id = 0; id < dictionary.length; id++) {
        entryBytes(id, dictionary[id]);
      }
      allEntryBytes = true;
    }
    return new ColumnVector.ByteRows(entryBytes, detachNulls(selected, count), string,
        new ColumnVector.DictionaryEntries(ids, dictionaryToken));
  }

  /** The bytes of dictionary entry {@code id} (whose value is {@code b}), copied once. */
  private byte[] entryBytes(int id, Binary b) {
    if (id >= entryBytes.length) {
      entryBytes = Arrays.copyOf(entryBytes, Math.max(id + 1, entryBytes.length * 2));
    }
    byte[] bytes = entryBytes[id];
    if (bytes == null) {
      bytes = b.getBytes();
      entryBytes[id] = bytes;
    }
    return bytes;
  }

  @Override
  void fill(Object[][] rows, int column, int[] selected, int count) {
    for (int i = 0; i < count; i++) {
      int r = selected == null ? i : selected[i];
      int id = entries[r];
      rows[i][column] = id >= 0 && string ? entryString(id, dictionary[id]) : value(r);
    }
  }

  @Override
  Object value(int row) {
    Binary b = raw(row);
    if (b == null) {
      return null;
    }
    if (!string) {
      return new ByteString(b.getBytes());
    }
    int id = entries[row];
    if (id >= 0) {
      return entryString(id, b);
    }
    if (fromPages) {
      return b.toStringUsingUTF8(); // a plain value: no other row shares it
    }
    String s = decoded.get(b);
    if (s == null) {
      s = b.toStringUsingUTF8();
      if (decoded.size() < CACHE_LIMIT) {
        decoded.put(b, s);
      }
    }
    return s;
  }
}
