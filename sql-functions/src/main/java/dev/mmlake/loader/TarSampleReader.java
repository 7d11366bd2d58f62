package dev.mmlake.loader;

import dev.mmlake.error.ErrorCode;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streams the samples of one POSIX (ustar) tar shard in file order: consecutive members with the
 * same key ({@code <key>.<ext>}, key = the name up to the first dot of its last path component)
 * form one sample, as in WebDataset. Regular files only; other entries are skipped. It holds one
 * sample at a time.
 */
final class TarSampleReader implements Closeable {
  private static final int BLOCK = 512;
  private final InputStream in;
  private final String shard;
  private final byte[] header = new byte[BLOCK];
  private String pendingName;
  private byte[] pendingData;
  private boolean ended;

  TarSampleReader(Path path, String shard) throws IOException {
    this.in = new BufferedInputStream(Files.newInputStream(path), 1 << 20);
    this.shard = shard;
  }

  /** The next sample, or null at the end of the archive. */
  RawSample next() throws IOException {
    if (pendingName == null && !advance()) {
      return null;
    }
    String key = keyOf(pendingName);
    Map<String, byte[]> members = new LinkedHashMap<>();
    long bytes = 0;
    while (pendingName != null && keyOf(pendingName).equals(key)) {
      members.put(extOf(pendingName), pendingData);
      bytes += pendingData.length;
      pendingName = null;
      if (!advance()) {
        break;
      }
    }
    return new RawSample(key, shard, members, bytes);
  }

  /** Reads the next regular member into pending; false at the end. */
  private boolean advance() throws IOException {
    while (!ended) {
      if (in.readNBytes(header, 0, BLOCK) < BLOCK || isZero(header)) {
        ended = true;
        return false;
      }
      long size = octal(header, 124, 12);
      byte type = header[156];
      byte[] data = readData(size);
      if (type == '0' || type == 0) {
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        pendingName = prefix.isEmpty() ? name : prefix + "/" + name;
        pendingData = data;
        return true;
      }
    }
    return false;
  }

  private byte[] readData(long size) throws IOException {
    if (size > Integer.MAX_VALUE - 16) {
      throw new LoaderException(ErrorCode.UNSUPPORTED, "Tar member of %d bytes in %s is too "
          + "large for the loader", size, shard);
    }
    byte[] data = new byte[(int) size];
    if (in.readNBytes(data, 0, data.length) < size) {
      throw new LoaderException(ErrorCode.CORRUPT_METADATA, "Shard %s is truncated", shard);
    }
    long pad = (BLOCK - size % BLOCK) % BLOCK;
    in.skipNBytes(pad);
    return data;
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

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
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
        throw new LoaderException(ErrorCode.CORRUPT_METADATA, "Shard %s has a bad tar header",
            shard);
      }
      v = v * 8 + (c - '0');
    }
    return v;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
