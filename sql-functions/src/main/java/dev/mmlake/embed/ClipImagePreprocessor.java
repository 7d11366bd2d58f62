package dev.mmlake.embed;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * CLIP's image preprocessing, as HF's {@code CLIPImageProcessor} does it: convert to RGB, resize
 * the shortest side to {@code imageSize} (the long side becomes
 * {@code floor(imageSize * long / short)}) with a Pillow-compatible bicubic
 * ({@link BicubicResampler}), center crop {@code imageSize x imageSize} (offsets
 * {@code floor((side - imageSize) / 2)}), scale to 0..1, normalize {@code (x - mean) / std} per
 * channel in float32, and lay out channel-first (CHW).
 *
 * <p>Colour: alpha is dropped without compositing (as PIL's {@code convert("RGB")}); 8-bit
 * gray images are replicated to three channels from their raw samples (Java's
 * {@code getRGB} would apply a gamma curve to gray). Decoded pixels may differ slightly from
 * Pillow's when the JPEG decoder differs.
 */
public final class ClipImagePreprocessor {
  private final int size;
  private final float[] mean;
  private final float[] std;

  public ClipImagePreprocessor(int imageSize, float[] mean, float[] std) {
    if (imageSize < 1 || mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("imageSize >= 1 and 3 means and stds are required");
    }
    this.size = imageSize;
    this.mean = mean.clone();
    this.std = std.clone();
  }

  public ClipImagePreprocessor(ClipConfig config) {
    this(config.imageSize(), config.mean(), config.std());
  }

  public int imageSize() {
    return size;
  }

  /** The {@code [3, size, size]} pixel values of one image. */
  public float[] pixelValues(BufferedImage image) {
    float[] out = new float[3 * size * size];
    write(image, out, 0);
    return out;
  }

  /** Writes the {@code 3 * size * size} pixel values of {@code image} at {@code offset}. */
  void write(BufferedImage image, float[] dest, int offset) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] dims = resizedSize(w, h, size);
    int nw = dims[0];
    int nh = dims[1];
    int top = (nh - size) / 2;
    int left = (nw - size) / 2;
    int[][] planes = BicubicResampler.resizeRgb(packedRgb(image), w, h, nw, nh);
    for (int c = 0; c < 3; c++) {
      int[] plane = planes[c];
      int base = offset + c * size * size;
      for (int y = 0; y < size; y++) {
        int row = (y + top) * nw + left;
        for (int x = 0; x < size; x++) {
          float scaled = (float) (plane[row + x] * (1.0 / 255.0));
          dest[base + y * size + x] = (scaled - mean[c]) / std[c];
        }
      }
    }
  }

  /** {width, height} after resizing the shortest side to {@code target}. */
  static int[] resizedSize(int w, int h, int target) {
    int shortSide = Math.min(w, h);
    int longSide = Math.max(w, h);
    int newLong = (int) ((double) ((long) target * longSide) / shortSide);
    return w <= h ? new int[] {target, newLong} : new int[] {newLong, target};
  }

  /** Pixels as {@code 0xRRGGBB}, row-major; alpha dropped, 8-bit gray replicated raw. */
  static int[] packedRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY && raster.getNumBands() == 1) {
      int[] gray = raster.getSamples(0, 0, w, h, 0, (int[]) null);
      for (int i = 0; i < gray.length; i++) {
        int v = gray[i] & 0xff;
        gray[i] = (v << 16) | (v << 8) | v;
      }
      return gray;
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < argb.length; i++) {
      argb[i] &= 0xFFFFFF;
    }
    return argb;
  }
}
