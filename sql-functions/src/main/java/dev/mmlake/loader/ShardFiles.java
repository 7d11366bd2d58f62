package dev.mmlake.loader;

import dev.mmlake.error.ErrorCode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One worker's open shard files and read buffer. Reads are positional ({@code pread}) into a
 * direct buffer of {@link #READ_BUFFER} bytes that the worker reuses: the kernel copies the file
 * into it and each member is copied once from it into its own array, as many copies as a plain
 * {@code read(byte[])} of the file. At most {@link #MAX_OPEN} files stay open (least recently
 * used closed first). Used by one thread.
 */
final class ShardFiles implements Closeable {
  /** Bytes of a worker's read buffer: a sample up to this size is read in one call. */
  static final int READ_BUFFER = 1 << 20;
  /** Files a worker keeps open. */
  static final int MAX_OPEN = 16;
  private final ByteBuffer buf = ByteBuffer.allocateDirect(READ_BUFFER);
  private final Map<Path, FileChannel> open = new LinkedHashMap<>(MAX_OPEN * 2, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Path, FileChannel> eldest) {
      if (size() > MAX_OPEN) {
        closeQuietly(eldest.getValue());
        return true;
      }
      return false;
    }
  };

  /** Fills {@code dst} from {@code path} at {@code position}, short only at the end of file. */
  void readAt(Path path, ByteBuffer dst, long position) throws IOException {
    FileChannel ch = channel(path);
    long at = position;
    while (dst.hasRemaining()) {
      int n = ch.read(dst, at);
      if (n < 0) {
        return;
      }
      at += n;
    }
  }

  /** Reads the members of {@code ref} into arrays of their own. */
  RawSample load(SampleRef ref) throws IOException {
    int n = ref.exts().length;
    byte[][] data = new byte[n][];
    long start = ref.offsets()[0];
    long end = ref.offsets()[n - 1] + ref.sizes()[n - 1];
    if (end - start <= READ_BUFFER) {
      buf.clear().limit((int) (end - start));
      readFully(ref, buf, start);
      for (int i = 0; i < n; i++) {
        data[i] = new byte[ref.sizes()[i]];
        buf.get((int) (ref.offsets()[i] - start), data[i]);
      }
    } else {
      for (int i = 0; i < n; i++) {
        data[i] = readMember(ref, ref.offsets()[i], ref.sizes()[i]);
      }
    }
    Map<String, byte[]> members = new LinkedHashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      members.put(ref.exts()[i], data[i]);
    }
    return new RawSample(ref.key(), ref.shard(), members, ref.bytes());
  }

  private byte[] readMember(SampleRef ref, long offset, int size) throws IOException {
    byte[] out = new byte[size];
    int at = 0;
    while (at < size) {
      int k = Math.min(READ_BUFFER, size - at);
      buf.clear().limit(k);
      readFully(ref, buf, offset + at);
      buf.get(0, out, at, k);
      at += k;
    }
    return out;
  }

  private void readFully(SampleRef ref, ByteBuffer dst, long position) throws IOException {
    readAt(ref.path(), dst, position);
    if (dst.hasRemaining()) {
      throw new LoaderException(ErrorCode.CORRUPT_METADATA, "Shard %s is truncated (sample %s "
          + "ends past the end of the file): rewrite it with mmlake shards write", ref.shard(),
          ref.key());
    }
  }

  private FileChannel channel(Path path) throws IOException {
    FileChannel ch = open.get(path);
    if (ch == null || !ch.isOpen()) {
      ch = FileChannel.open(path, StandardOpenOption.READ);
      open.put(path, ch);
    }
    return ch;
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // read-only file: nothing to lose
    }
  }

  @Override
  public void close() {
    open.values().forEach(ShardFiles::closeQuietly);
    open.clear();
  }
}
