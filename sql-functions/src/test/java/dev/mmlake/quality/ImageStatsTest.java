package dev.mmlake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

/** Cross-checks the hand-written blur measure against OpenCV's Laplacian. */
class ImageStatsTest {
  @Test
  void laplacianVarianceMatchesOpenCv() {
    int w = 97;
    int h = 61;
    byte[] gray = new byte[w * h];
    Random random = new Random(8);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = ((x / 9 + y / 7) % 2) * 160 + random.nextInt(60);
        gray[y * w + x] = (byte) v;
        img.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    try (Mat src = new Mat(h, w, CV_8UC1); Mat lap = new Mat(); Mat mean = new Mat();
        Mat std = new Mat()) {
      src.data().put(gray);
      Laplacian(src, lap, CV_64F);   // ksize 1: the kernel [0 1 0; 1 -4 1; 0 1 0]
      try (Mat interior = new Mat(lap, new Rect(1, 1, w - 2, h - 2))) {
        meanStdDev(interior, mean, std);
      }
      DoubleIndexer sd = std.createIndexer();
      double openCv = sd.get(0) * sd.get(0);
      ImageStats mine = ImageStats.of(img);
      assertThat(mine.laplacianVariance()).isCloseTo(openCv, within(openCv * 1e-4));
      assertThat(mine.laplacianVariance()).isGreaterThan(1000);
    }
  }
}
