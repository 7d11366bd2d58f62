package dev.mmlake.shards;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes float32 arrays in NumPy's {@code .npy} format version 1.0, as {@code numpy.load} reads
 * them: the magic {@code \x93NUMPY}, version bytes 1 and 0, a little-endian uint16 header length,
 * then an ASCII header such as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (512,), }}
 * padded with spaces and ended by {@code \n} so that the data starts at a multiple of
 * {@value #ALIGN} bytes, then the values as little-endian IEEE 754 float32 in C order.
 */
public final class NpyWriter {
  /** The data offset is a multiple of this, as NumPy writes it. */
  public static final int ALIGN = 64;
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

  private NpyWriter() {
  }

  /** The {@code .npy} bytes of a 1-D vector. */
  public static byte[] bytes(float[] vector) {
    Objects.requireNonNull(vector, "vector is null");
    ByteArrayOutputStream out = new ByteArrayOutputStream(byteLength(vector.length));
    write(out, vector);
    return out.toByteArray();
  }

  /** The {@code .npy} bytes of a 2-D array; every row must have the same length. */
  public static byte[] bytes(float[][] rows) {
    Objects.requireNonNull(rows, "rows is null");
    int cols = rows.length == 0 ? 0 : rows[0].length;
    for (int r = 0; r < rows.length; r++) {
      if (rows[r] == null || rows[r].length != cols) {
        throw new IllegalArgumentException(String.format(
            "Cannot write a 2-D .npy: row %d has %s values, row 0 has %d", r,
            rows[r] == null ? "no" : rows[r].length, cols));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeHeader(out, "(" + rows.length + ", " + cols + ")");
    for (float[] row : rows) {
      writeValues(out, row);
    }
    return out.toByteArray();
  }

  /** Writes a 1-D vector to {@code out} (not closed). */
  public static void write(OutputStream out, float[] vector) {
    writeHeader(out, "(" + vector.length + ",)");
    writeValues(out, vector);
  }

  /** Bytes of the {@code .npy} file of a vector of {@code length} values. */
  public static int byteLength(int length) {
    return header("(" + length + ",)").length + 4 * length;
  }

  /** The header of an array of {@code shape} (a Python tuple literal), magic included. */
  static byte[] header(String shape) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    int unpadded = MAGIC.length + 2 + dict.length() + 1;
    int pad = (ALIGN - unpadded % ALIGN) % ALIGN;
    String text = dict + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + text.length())
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }

  private static void writeHeader(OutputStream out, String shape) {
    try {
      out.write(header(shape));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write .npy header: " + e.getMessage(), e);
    }
  }

  private static void writeValues(OutputStream out, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    try {
      out.write(b.array());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write .npy values: " + e.getMessage(), e);
    }
  }
}
