package dev.mmlake.engine.iceberg.columnar;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Parquet's RLE / bit-packing hybrid encoding (definition levels, dictionary ids) decoded a run
 * at a time into an {@code int[]}: a repeated run is one {@link Arrays#fill}, a bit-packed run
 * eight values per call of Parquet's generated unpacker.
 */
final class HybridIntDecoder {
  private final int bitWidth;
  private final int runValueBytes;
  private final BytePacker packer;
  private final int[] unpacked = new int[8];
  private ByteBuffer buf;
  /** {@code buf}'s backing array (null for a direct buffer) and its offset. */
  private byte[] array;
  private int arrayOffset;
  private int pos;
  private int end;
  /** Values left in the current run. */
  private int runLeft;
  private boolean repeated;
  private int runValue;
  /** Values of the current bit-packed run not yet unpacked, in groups of eight. */
  private int packedGroupsLeft;
  private int unpackedNext = 8;

  HybridIntDecoder(int bitWidth) {
    if (bitWidth < 0 || bitWidth > 32) {
      throw new IllegalArgumentException("bit width " + bitWidth + " is not in 0..32");
    }
    this.bitWidth = bitWidth;
    this.runValueBytes = (bitWidth + 7) / 8;
    this.packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
  }

  /** Decodes from {@code buf[from..to)} (absolute positions, little-endian reads). */
  void reset(ByteBuffer buf, int from, int to) {
    this.buf = buf;
    this.array = buf.hasArray() ? buf.array() : null;
    this.arrayOffset = buf.hasArray() ? buf.arrayOffset() : 0;
    this.pos = from;
    this.end = to;
    this.runLeft = 0;
    this.packedGroupsLeft = 0;
    this.unpackedNext = 8;
  }

  /** Fills {@code out[off..off+n)} with the next {@code n} values. */
  void read(int[] out, int off, int n) {
    int done = 0;
    while (done < n) {
      if (runLeft == 0) {
        nextRun();
      }
      int take = Math.min(runLeft, n - done);
      if (repeated) {
        Arrays.fill(out, off + done, off + done + take, runValue);
      } else {
        int to = off + done;
        for (int i = 0; i < take; ) {
          if (unpackedNext == 8) {
            if (take - i >= 32 && packedGroupsLeft >= 4 && array != null
                && pos + 4 * bitWidth <= end) {
              // four groups in one call of the array unpacker: the common case of long runs
              packer.unpack32Values(array, arrayOffset + pos, out, to + i);
              pos += 4 * bitWidth;
              packedGroupsLeft -= 4;
              i += 32;
              continue;
            }
            if (take - i >= 8) {
              unpackGroup(out, to + i); // a whole group straight into place
              i += 8;
              continue;
            }
            unpackGroup(unpacked, 0);
            unpackedNext = 0;
          }
          int c = Math.min(8 - unpackedNext, take - i);
          System.arraycopy(unpacked, unpackedNext, out, to + i, c);
          unpackedNext += c;
          i += c;
        }
      }
      runLeft -= take;
      done += take;
    }
  }

  private void unpackGroup(int[] target, int at) {
    if (packedGroupsLeft == 0) {
      throw corrupt("a bit-packed run ended early");
    }
    if (pos + bitWidth > end) {
      // the last group of a page may be cut short: pad with zero bytes
      byte[] padded = new byte[bitWidth];
      for (int i = 0; pos + i < end; i++) {
        padded[i] = buf.get(pos + i);
      }
      packer.unpack8Values(padded, 0, target, at);
    } else if (array != null) {
      packer.unpack8Values(array, arrayOffset + pos, target, at);
    } else {
      packer.unpack8Values(buf, pos, target, at);
    }
    pos += bitWidth;
    packedGroupsLeft--;
  }

  private void nextRun() {
    if (pos >= end) {
      throw corrupt("the encoded values ended before the page's value count");
    }
    int header = readVarInt();
    if ((header & 1) == 0) {
      repeated = true;
      runLeft = header >>> 1;
      int v = 0;
      for (int i = 0; i < runValueBytes; i++) {
        v |= (buf.get(pos++) & 0xFF) << (8 * i);
      }
      runValue = v;
    } else {
      repeated = false;
      packedGroupsLeft = header >>> 1;
      runLeft = packedGroupsLeft * 8;
      unpackedNext = 8;
    }
    if (runLeft <= 0) {
      throw corrupt("a run of length " + runLeft);
    }
  }

  private int readVarInt() {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos >= end) {
        break;
      }
      int b = buf.get(pos++) & 0xFF;
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw corrupt("a run header is cut off");
  }

  int bitWidth() {
    return bitWidth;
  }

  private static ParquetDecodingException corrupt(String what) {
    return new ParquetDecodingException("Corrupt Parquet page: " + what);
  }
}
