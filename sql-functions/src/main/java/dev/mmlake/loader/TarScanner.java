package dev.mmlake.loader;

import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the samples of one POSIX (ustar) tar shard in file order, reading only the member
 * headers: consecutive members with the same key ({@code <key>.<ext>}, key = the name up to the
 * first dot of its last path component) form one sample, as in WebDataset. Regular files only;
 * other entries are skipped. Headers are read by positional reads of a {@link #WINDOW}-byte
 * window (headers of small members come several at a time); member data is skipped here and read
 * when the sample leaves the shuffle buffer, by {@link ShardFiles#load(SampleRef)}.
 */
final class TarScanner {
  /**
   * Bytes read at a header position when it is not in the last window. Small on purpose: the
   * member data is read again when the sample leaves the shuffle buffer, so a larger window would
   * copy most bytes twice (with 30 KB images and a 1000-sample buffer, 64 KiB windows cost the
   * workers ~20% more CPU than 4 KiB ones); headers of members under ~3.5 KB still come several
   * per read.
   */
  static final int WINDOW = 4096;

  private static final int BLOCK = 512;
  private final LoaderShard shard;
  private final ShardFiles files;
  private final ByteBuffer window;
  private final byte[] header = new byte[BLOCK];
  private long windowStart;
  private int windowLength;
  private long pos;
  private String pendingName;
  private String pendingKey;
  private long pendingOffset;
  private long pendingSize;
  private boolean ended;

  /** {@code window}: a direct buffer of {@link #WINDOW} bytes the caller reuses across shards. */
  TarScanner(LoaderShard shard, ShardFiles files, ByteBuffer window) {
    this.shard = shard;
    this.files = files;
    this.window = window;
    this.windowStart = -1;
  }

  /** The next sample, or null at the end of the archive. */
  SampleRef next() throws IOException {
    if (pendingName == null && !advance()) {
      return null;
    }
    String key = pendingKey;
    List<String> exts = new ArrayList<>(4);
    List<long[]> spans = new ArrayList<>(4);
    long bytes = 0;
    while (pendingName != null && pendingKey.equals(key)) {
      exts.add(extOf(pendingName));
      spans.add(new long[] {pendingOffset, pendingSize});
      bytes += pendingSize;
      pendingName = null;
      if (!advance()) {
        break;
      }
    }
    long[] offsets = new long[spans.size()];
    int[] sizes = new int[spans.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = spans.get(i)[0];
      sizes[i] = (int) spans.get(i)[1];
    }
    return new SampleRef(key, shard.name(), shard.path(), exts.toArray(String[]::new), offsets,
        sizes, bytes);
  }

  /** Reads the next regular member's header into pending; false at the end. */
  private boolean advance() throws IOException {
    while (!ended) {
      if (!header(pos)) {
        ended = true;
        return false;
      }
      long size = octal(header, 124, 12);
      byte type = header[156];
      long dataAt = pos + BLOCK;
      pos = dataAt + size + (BLOCK - size % BLOCK) % BLOCK;
      if (type == '0' || type == 0) {
        if (size > Integer.MAX_VALUE - 16) {
          throw new LoaderException(ErrorCode.UNSUPPORTED, "Tar member of %d bytes in %s is too "
              + "large for the loader (the limit is 2 GiB per member)", size, shard.name());
        }
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        pendingName = prefix.isEmpty() ? name : prefix + "/" + name;
        pendingKey = keyOf(pendingName);
        pendingOffset = dataAt;
        pendingSize = size;
        return true;
      }
    }
    return false;
  }

  /** Copies the 512-byte header at {@code at} into {@code header}; false at the archive's end. */
  private boolean header(long at) throws IOException {
    if (windowStart < 0 || at < windowStart || at + BLOCK > windowStart + windowLength) {
      window.clear();
      files.readAt(shard.path(), window, at);
      window.flip();
      windowStart = at;
      windowLength = window.remaining();
      if (windowLength < BLOCK) {
        return false; // end of file without the two zero blocks: tolerated, like tar does
      }
    }
    window.get((int) (at - windowStart), header);
    for (byte b : header) {
      if (b != 0) {
        return true;
      }
    }
    return false;
  }

  private static String keyOf(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.indexOf('.', slash + 1);
    return dot < 0 ? name : name.substring(0, dot);
  }

  private static String extOf(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.indexOf('.', slash + 1);
    return dot < 0 ? "" : name.substring(dot + 1);
  }

  private static String field(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private long octal(byte[] b, int off, int len) {
    long v = 0;
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (c == 0 || c == ' ') {
        if (v > 0) {
          break;
        }
        continue;
      }
      if (c < '0' || c > '7') {
        throw new LoaderException(ErrorCode.CORRUPT_METADATA, "Shard %s has a bad tar header at "
            + "byte %d: rewrite it with mmlake shards write", shard.name(), pos);
      }
      v = v * 8 + (c - '0');
    }
    return v;
  }
}
