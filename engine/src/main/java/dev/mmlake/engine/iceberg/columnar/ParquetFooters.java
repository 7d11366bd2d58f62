package dev.mmlake.engine.iceberg.columnar;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Parquet footers already read, by file location and length. Iceberg never rewrites a data file in
 * place, so a footer stays valid for as long as its file exists; keeping it spares every scan of a
 * file reading and decoding it again (once per task, and a big file is several tasks). Footers
 * describing at most {@value #MAX_CHUNKS} column chunks in all are kept (Caffeine evicts the
 * least valuable first); a footer is shared read-only by the readers of its file.
 */
final class ParquetFooters {
  /** Column chunks (row groups times columns) of all kept footers together. */
  static final long MAX_CHUNKS = 500_000;

  /** Reads a footer. */
  @FunctionalInterface
  interface Reader {
    ParquetMetadata read() throws IOException;
  }

  private record Key(String location, long length) {
  }

  private static final Cache<Key, ParquetMetadata> FOOTERS = Caffeine.newBuilder()
      .maximumWeight(MAX_CHUNKS)
      .weigher((Key k, ParquetMetadata footer) -> (int) Math.min(Integer.MAX_VALUE,
          chunks(footer) + 1))
      .executor(Runnable::run) // evict on the caller's thread, not the common pool's
      .build();

  private ParquetFooters() {
  }

  /** The footer of the file at {@code location} of {@code length} bytes, read once. */
  static ParquetMetadata get(String location, long length, Reader reader) throws IOException {
    Key key = new Key(location, length);
    ParquetMetadata footer = FOOTERS.getIfPresent(key);
    if (footer == null) {
      footer = reader.read(); // outside the cache: a slow or failed read holds no lock
      if (chunks(footer) < MAX_CHUNKS) {
        FOOTERS.put(key, footer);
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
