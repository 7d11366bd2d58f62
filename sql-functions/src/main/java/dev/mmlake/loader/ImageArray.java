package dev.mmlake.loader;

/**
 * A decoded image as a uint8 tensor: {@code hwc} holds {@code height * width * 3} bytes in RGB
 * order, row-major (HWC, the layout OpenCV and NumPy use). {@link #chw()} gives the planar layout
 * that PyTorch models take.
 */
public record ImageArray(int height, int width, byte[] hwc) {
  public static final int CHANNELS = 3;

  /** The same pixels as CHW (three planes R, G, B), a new array. */
  public byte[] chw() {
    int plane = height * width;
    byte[] out = new byte[plane * CHANNELS];
    for (int p = 0, i = 0; p < plane; p++, i += CHANNELS) {
      out[p] = hwc[i];
      out[plane + p] = hwc[i + 1];
      out[2 * plane + p] = hwc[i + 2];
    }
    return out;
  }

  /** The byte of channel {@code c} (0 = R) at row {@code y}, column {@code x}, as 0..255. */
  public int at(int y, int x, int c) {
    return hwc[(y * width + x) * CHANNELS + c] & 0xFF;
  }
}
