package dev.mmlake.embed;

import java.util.Arrays;

/**
 * Resizes 8-bit image planes the way Pillow's {@code Image.resize(size, BICUBIC)} does, so CLIP
 * inputs match HF's (PIL-based) {@code CLIPImageProcessor}.
 *
 * <p>The algorithm (Pillow's separable convolution resample): Keys' cubic kernel with a = -0.5 and
 * support 2. For an input/output ratio {@code scale = in / out > 1} (downscaling) the kernel is
 * stretched by {@code scale} (support {@code 2 * scale}), which low-pass filters like Pillow's
 * antialiasing. Output pixel {@code i} is centred on input coordinate {@code (i + 0.5) * scale};
 * taps run over input pixels {@code [trunc(center - support + 0.5), trunc(center + support + 0.5))}
 * clipped to the image, weights are normalized to sum 1 and then quantized to 22-bit fixed point.
 * The horizontal pass runs first and is rounded and clamped to 0..255 before the vertical pass,
 * as Pillow does for 8-bit images. A pass whose size does not change is skipped. Sums are 32-bit
 * integers as in Pillow (|weights| sum to about 1.2, so 255 * 1.2 * 2^22 cannot overflow).
 */
final class BicubicResampler {
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double A = -0.5;
  private static final double SUPPORT = 2.0;
  private static final int HALF = 1 << (PRECISION_BITS - 1);

  private BicubicResampler() {
  }

  /** Keys' cubic convolution kernel with a = -0.5. */
  static double kernel(double x) {
    double t = Math.abs(x);
    if (t < 1.0) {
      return ((A + 2.0) * t - (A + 3.0)) * t * t + 1.0;
    }
    if (t < 2.0) {
      return (((t - 5.0) * t + 8.0) * t - 4.0) * A;
    }
    return 0.0;
  }

  /**
   * Resizes a packed {@code 0xRRGGBB} image of {@code w x h} to {@code nw x nh}; returns the R, G
   * and B planes (row-major, 0..255). The horizontal pass reads the packed pixels directly, so no
   * full-size planes are ever allocated.
   */
  static int[][] resizeRgb(int[] rgb, int w, int h, int nw, int nh) {
    int[][] planes = nw != w ? horizontal(rgb, w, h, nw, Taps.of(w, nw)) : unpack(rgb);
    if (nh != h) {
      Taps taps = Taps.of(h, nh);
      for (int c = 0; c < 3; c++) {
        planes[c] = vertical(planes[c], nw, h, nh, taps);
      }
    }
    return planes;
  }

  private static int[][] unpack(int[] rgb) {
    int[][] planes = new int[3][rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      planes[0][i] = (rgb[i] >> 16) & 0xff;
      planes[1][i] = (rgb[i] >> 8) & 0xff;
      planes[2][i] = rgb[i] & 0xff;
    }
    return planes;
  }

  private static int[][] horizontal(int[] in, int w, int h, int nw, Taps taps) {
    int[][] out = new int[3][nw * h];
    int[] weights = taps.weights;
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int x = 0; x < nw; x++) {
        int r = HALF;
        int g = HALF;
        int b = HALF;
        int src = row + taps.first[x];
        int base = x * taps.width;
        int n = taps.count[x];
        for (int k = 0; k < n; k++) {
          int p = in[src + k];
          int wk = weights[base + k];
          r += ((p >> 16) & 0xff) * wk;
          g += ((p >> 8) & 0xff) * wk;
          b += (p & 0xff) * wk;
        }
        int o = y * nw + x;
        out[0][o] = clamp(r);
        out[1][o] = clamp(g);
        out[2][o] = clamp(b);
      }
    }
    return out;
  }

  /** Row by row with a running accumulator per column, so memory is read sequentially. */
  private static int[] vertical(int[] in, int w, int h, int nh, Taps taps) {
    int[] out = new int[w * nh];
    int[] acc = new int[w];
    for (int y = 0; y < nh; y++) {
      Arrays.fill(acc, HALF);
      int first = taps.first[y];
      int base = y * taps.width;
      for (int k = 0; k < taps.count[y]; k++) {
        int weight = taps.weights[base + k];
        int src = (first + k) * w;
        for (int x = 0; x < w; x++) {
          acc[x] += in[src + x] * weight;
        }
      }
      int dst = y * w;
      for (int x = 0; x < w; x++) {
        out[dst + x] = clamp(acc[x]);
      }
    }
    return out;
  }

  /** Fixed point to 0..255: arithmetic shift (floor; HALF added first rounds), then clamp. */
  private static int clamp(int acc) {
    int v = acc >> PRECISION_BITS;
    return v < 0 ? 0 : Math.min(v, 255);
  }

  /** Per output pixel: first input pixel, number of taps and fixed-point weights. */
  static final class Taps {
    final int[] first;
    final int[] count;
    final int[] weights;
    final int width;

    private Taps(int[] first, int[] count, int[] weights, int width) {
      this.first = first;
      this.count = count;
      this.weights = weights;
      this.width = width;
    }

    static Taps of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = SUPPORT * filterScale;
      int width = (int) Math.ceil(support) * 2 + 1;
      int[] first = new int[outSize];
      int[] count = new int[outSize];
      int[] weights = new int[outSize * width];
      double[] w = new double[width];
      double inverse = 1.0 / filterScale;
      for (int i = 0; i < outSize; i++) {
        double center = (i + 0.5) * scale;
        int min = Math.max((int) (center - support + 0.5), 0);
        int max = Math.min((int) (center + support + 0.5), inSize) - min;
        double sum = 0;
        for (int k = 0; k < max; k++) {
          w[k] = kernel((k + min - center + 0.5) * inverse);
          sum += w[k];
        }
        for (int k = 0; k < max; k++) {
          double normalized = sum != 0.0 ? w[k] / sum : w[k];
          double fixed = normalized * (1 << PRECISION_BITS);
          weights[i * width + k] = (int) (fixed < 0 ? fixed - 0.5 : fixed + 0.5);
        }
        first[i] = min;
        count[i] = max;
      }
      return new Taps(first, count, weights, width);
    }
  }
}
