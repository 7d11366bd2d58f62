package dev.mmlake.quality;

import java.awt.image.BufferedImage;

/**
 * Measurements of a decoded image on its luma channel ({@code 0.299 R + 0.587 G + 0.114 B}, the
 * ITU-R BT.601 weights OpenCV's {@code COLOR_BGR2GRAY} uses; alpha is ignored), in 0..255.
 *
 * @param laplacianVariance variance of the 4-neighbour Laplacian
 *     {@code [0 1 0; 1 -4 1; 0 1 0]} over interior pixels (0 when a side is under 3 pixels): the
 *     usual blur measure, low for blurred or flat images
 */
record ImageStats(int width, int height, double meanLuma, double lumaStd,
    double laplacianVariance) {

  static ImageStats of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] luma = new float[w * h];
    int[] row = new int[w];
    double sum = 0;
    double sumSq = 0;
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int rgb = row[x];
        float v = 0.299f * ((rgb >> 16) & 0xFF) + 0.587f * ((rgb >> 8) & 0xFF)
            + 0.114f * (rgb & 0xFF);
        luma[y * w + x] = v;
        sum += v;
        sumSq += (double) v * v;
      }
    }
    long n = (long) w * h;
    double mean = sum / n;
    double std = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
    return new ImageStats(w, h, mean, std, laplacianVariance(luma, w, h));
  }

  /** Mean luma only: cheaper, for video keyframes. */
  static double meanLuma(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] row = new int[w];
    double sum = 0;
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int rgb = row[x];
        sum += 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
      }
    }
    return sum / ((long) w * h);
  }

  double aspectRatio() {
    return (double) Math.max(width, height) / Math.min(width, height);
  }

  private static double laplacianVariance(float[] luma, int w, int h) {
    if (w < 3 || h < 3) {
      return 0;
    }
    double sum = 0;
    double sumSq = 0;
    for (int y = 1; y < h - 1; y++) {
      int r = y * w;
      for (int x = 1; x < w - 1; x++) {
        int i = r + x;
        double lap = luma[i - w] + luma[i + w] + luma[i - 1] + luma[i + 1] - 4.0 * luma[i];
        sum += lap;
        sumSq += lap * lap;
      }
    }
    long n = (long) (w - 2) * (h - 2);
    double mean = sum / n;
    return Math.max(0, sumSq / n - mean * mean);
  }
}
