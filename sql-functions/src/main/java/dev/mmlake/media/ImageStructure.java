package dev.mmlake.media;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level structure checks that decoders do not make themselves: where a JPEG, PNG or WebP
 * stream really ends (so trailing bytes after a complete image are accepted and a cut file is
 * not), and the channel count and size the header declares.
 */
final class ImageStructure {
  private ImageStructure() {
  }

  /** A JPEG's marker walk: the offset after its EOI marker (-1 if none) and its components. */
  record Jpeg(int end, int components) {
  }

  /**
   * Walks the JPEG markers the way libjpeg reads them: segments are skipped by their length
   * (so an EOI inside an EXIF thumbnail does not count), entropy-coded data is scanned for the
   * next marker (FF00 stuffing and RST markers stay inside a scan; progressive files have many
   * scans), and stray bytes between segments are skipped. The image is complete at the first EOI
   * outside a segment; what follows it (padding, a second image, garbage) is ignored.
   */
  static Jpeg jpeg(byte[] b) {
    int n = b.length;
    int i = 2;
    int components = 0;
    boolean inScan = false;
    while (i < n) {
      if (inScan) {
        if ((b[i] & 0xff) != 0xFF) {
          i++;
          continue;
        }
        if (i + 1 >= n) {
          break;
        }
        int c = b[i + 1] & 0xff;
        if (c == 0xFF) {
          i++;
        } else if (c == 0x00 || (c >= 0xD0 && c <= 0xD7)) {
          i += 2;
        } else {
          inScan = false;
        }
        continue;
      }
      if ((b[i] & 0xff) != 0xFF) {
        i++; // extraneous byte before a marker: libjpeg warns and skips it
        continue;
      }
      while (i < n && (b[i] & 0xff) == 0xFF) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int m = b[i++] & 0xff;
      if (m == 0xD9) {
        return new Jpeg(i, components);
      }
      if (m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD8)) {
        continue; // standalone markers carry no length
      }
      if (i + 1 >= n) {
        break;
      }
      int len = (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
      if (len < 2) {
        break;
      }
      boolean sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
      if (sof && components == 0 && i + 7 < n) {
        components = b[i + 7] & 0xff;
      }
      i += len;
      if (m == 0xDA) {
        inScan = true;
      }
    }
    return new Jpeg(-1, components);
  }

  /** The offset after a PNG's IEND chunk, or -1 when the chunks break off before it. */
  static int pngEnd(byte[] b) {
    int i = 8;
    while (i + 8 <= b.length) {
      long len = readInt(b, i) & 0xffffffffL;
      boolean iend = b[i + 4] == 'I' && b[i + 5] == 'E' && b[i + 6] == 'N' && b[i + 7] == 'D';
      long next = i + 12L + len;
      if (next > b.length) {
        return -1;
      }
      if (iend) {
        return (int) next;
      }
      i = (int) next;
    }
    return -1;
  }

  /** Channels from the PNG IHDR colour type (palette counts as 3, or 4 with a tRNS chunk). */
  static int pngChannels(byte[] b) {
    if (b.length < 26) {
      return 0;
    }
    return switch (b[25]) {
      case 0 -> 1;
      case 2 -> 3;
      case 3 -> hasChunk(b, "tRNS") ? 4 : 3;
      case 4 -> 2;
      case 6 -> 4;
      default -> 0;
    };
  }

  /** The bit depth per channel from the PNG IHDR (1, 2, 4, 8 or 16). */
  static int pngBitDepth(byte[] b) {
    return b.length < 25 ? 0 : b[24] & 0xff;
  }

  private static boolean hasChunk(byte[] b, String type) {
    int i = 8;
    while (i + 8 <= b.length) {
      long len = readInt(b, i) & 0xffffffffL;
      if (b[i + 4] == type.charAt(0) && b[i + 5] == type.charAt(1) && b[i + 6] == type.charAt(2)
          && b[i + 7] == type.charAt(3)) {
        return true;
      }
      if (b[i + 4] == 'I' && b[i + 5] == 'D' && b[i + 6] == 'A' && b[i + 7] == 'T') {
        return false; // tRNS must come before the first IDAT
      }
      long next = i + 12L + len;
      if (next > b.length) {
        return false;
      }
      i = (int) next;
    }
    return false;
  }

  /** The WebP header facts, or null when the RIFF header or first chunk is unreadable. */
  static ImageInfo webp(byte[] b) {
    if (b.length < 30) {
      return null;
    }
    String chunk = new String(b, 12, 4, StandardCharsets.US_ASCII);
    switch (chunk) {
      case "VP8 " -> {
        if ((b[23] & 0xff) != 0x9d || (b[24] & 0xff) != 0x01 || (b[25] & 0xff) != 0x2a) {
          return null;
        }
        return new ImageInfo(le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff, "webp", 3);
      }
      case "VP8L" -> {
        if ((b[20] & 0xff) != 0x2f) {
          return null;
        }
        int bits = readIntLe(b, 21);
        boolean alpha = (bits >>> 28 & 1) == 1;
        return new ImageInfo((bits & 0x3fff) + 1, (bits >>> 14 & 0x3fff) + 1, "webp",
            alpha ? 4 : 3);
      }
      case "VP8X" -> {
        boolean alpha = (b[20] & 0x10) != 0;
        return new ImageInfo(le24(b, 24) + 1, le24(b, 27) + 1, "webp", alpha ? 4 : 3);
      }
      default -> {
        return null;
      }
    }
  }

  /** True when the file holds all the bytes its RIFF header declares (more are ignored). */
  static boolean webpComplete(byte[] b) {
    long riff = readIntLe(b, 4) & 0xffffffffL;
    return b.length >= 8 + riff;
  }

  private static int readInt(byte[] b, int i) {
    return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
  }

  private static int readIntLe(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
  }

  private static int le16(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  private static int le24(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16;
  }
}
