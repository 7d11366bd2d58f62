package dev.mmlake.engine.iceberg.columnar;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Parquet footers already read, by file location and length. Iceberg never rewrites a data file in
 * place, so a footer stays valid for as long as its file exists; keeping it spares every scan of a
 * file reading and decoding it again (once per task, and a big file is several tasks). At most
 * {@value #ENTRIES} footers describing at most {@value #MAX_CHUNKS} column chunks in all are
 * kept, least recently used first out; a footer is shared read-only by the readers of its file.
 */
final class ParquetFooters {
  static final int ENTRIES = 512;
  /** Column chunks (row groups times columns) of all kept footers together. */
  static final long MAX_CHUNKS = 500_000;

  /** Reads a footer. */
  @FunctionalInterface
  interface Reader {
    ParquetMetadata read() throws IOException;
  }

  private record Key(String location, long length) {
  }

  private static final Map<Key, ParquetMetadata> FOOTERS = new LinkedHashMap<>(64, 0.75f, true);
  private static long keptChunks;

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
    long chunks = chunks(footer);
    if (chunks <= MAX_CHUNKS) {
      synchronized (FOOTERS) {
        ParquetMetadata old = FOOTERS.put(key, footer);
        keptChunks += chunks - (old == null ? 0 : chunks(old));
        Iterator<ParquetMetadata> eldest = FOOTERS.values().iterator();
        while (FOOTERS.size() > ENTRIES || keptChunks > MAX_CHUNKS) {
          keptChunks -= chunks(eldest.next());
          eldest.remove();
        }
      }
    }
    return footer;
  }

  private static long chunks(ParquetMetadata footer) {
    long n = 0;
    for (BlockMetaData block : footer.getBlocks()) {
      n += block.getColumns().size();
    }
    return n;
  }
}
