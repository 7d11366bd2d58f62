package dev.mmlake.loader;

import dev.mmlake.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NumPy {@code .npy} array of little-endian float32 ({@code '<f4'}, C order), format
 * version 1.0 or 2.0, as the shard writer's {@code NpyWriter} writes it. The shape is flattened.
 */
public final class NpyReader {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyReader() {
  }

  /** The values of a float32 array; anything else is a {@link ErrorCode#DECODE_FAILED} error. */
  public static float[] readFloat32(byte[] b, String ref) {
    if (b.length < 10) {
      throw bad(ref, "too short");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (b[i] != MAGIC[i]) {
        throw bad(ref, "no \\x93NUMPY magic");
      }
    }
    int major = b[6];
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen;
    int start;
    if (major == 1) {
      headerLen = Short.toUnsignedInt(buf.getShort(8));
      start = 10;
    } else if (major == 2 || major == 3) {
      headerLen = buf.getInt(8);
      start = 12;
    } else {
      throw bad(ref, "format version " + major + " is not supported");
    }
    if (start + headerLen > b.length) {
      throw bad(ref, "header runs past the end");
    }
    String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    if (!d.find() || !d.group(1).equals("<f4")) {
      throw bad(ref, "dtype is not '<f4'");
    }
    Matcher f = FORTRAN.matcher(header);
    if (f.find() && f.group(1).equals("True")) {
      throw bad(ref, "fortran_order arrays are not supported");
    }
    Matcher s = SHAPE.matcher(header);
    if (!s.find()) {
      throw bad(ref, "no shape");
    }
    long count = 1;
    for (String dim : s.group(1).split(",")) {
      if (!dim.isBlank()) {
        count *= Long.parseLong(dim.trim());
      }
    }
    int dataStart = start + headerLen;
    if (dataStart + count * 4 != b.length) {
      throw bad(ref, "shape needs " + count * 4 + " bytes of data but there are "
          + (b.length - dataStart));
    }
    float[] out = new float[(int) count];
    buf.position(dataStart);
    buf.asFloatBuffer().get(out);
    return out;
  }

  private static LoaderException bad(String ref, String why) {
    return new LoaderException(ErrorCode.DECODE_FAILED, "Cannot read .npy of %s: %s", ref, why);
  }
}
