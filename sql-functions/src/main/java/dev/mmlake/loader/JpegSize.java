package dev.mmlake.loader;

/**
 * Reads a JPEG's height and width from its frame header (SOFn marker) without decoding it, so
 * the decoder can pick a DCT scale before it starts.
 */
final class JpegSize {
  private JpegSize() {
  }

  /** {@code {height, width}}, or null when {@code b} is not a JPEG or has no frame header. */
  static int[] of(byte[] b) {
    if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
      return null;
    }
    int i = 2;
    while (i + 9 < b.length) {
      if ((b[i] & 0xFF) != 0xFF) {
        return null;
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      int length = (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
      boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
          && marker != 0xCC;
      if (sof) {
        int h = (b[i + 5] & 0xFF) << 8 | (b[i + 6] & 0xFF);
        int w = (b[i + 7] & 0xFF) << 8 | (b[i + 8] & 0xFF);
        return h > 0 && w > 0 ? new int[] {h, w} : null;
      }
      if (marker == 0xDA || length < 2) {
        return null; // scan data before a frame header
      }
      i += 2 + length;
    }
    return null;
  }
}
