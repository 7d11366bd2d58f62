package dev.mmlake.engine.iceberg.columnar;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Parquet footers already read, by file location and length. Iceberg never rewrites a data file in
 * place, so a footer stays valid for as long as its file exists; keeping it spares every scan of a
 * file reading and decoding it again (once per task, and a big file is several tasks). At most
 * {@value #ENTRIES} footers are kept, least recently used first out; a footer is shared read-only
 * by the readers of its file.
 */
final class ParquetFooters {
  static final int ENTRIES = 512;

  /** Reads a footer. */
  @FunctionalInterface
  interface Reader {
    ParquetMetadata read() throws IOException;
  }

  private record Key(String location, long length) {
  }

  private static final Map<Key, ParquetMetadata> FOOTERS = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, ParquetMetadata> eldest) {
      return size() > ENTRIES;
    }
  };

  private ParquetFooters() {
  }

  /** The footer of the file at {@code location} of {@code length} bytes, read once. */
  static ParquetMetadata get(String location, long length, Reader reader) throws IOException {
    Key key = new Key(location, length);
    synchronized (FOOTERS) {
      ParquetMetadata footer = FOOTERS.get(key);
      if (footer != null) {
        return footer;
      }
    }
    ParquetMetadata footer = reader.read(); // outside the lock: a slow read blocks no other file
    synchronized (FOOTERS) {
      FOOTERS.put(key, footer);
    }
    return footer;
  }
}
