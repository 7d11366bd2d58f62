package dev.mmlake.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ClipImagePreprocessorTest {
  static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};
  final ClipImagePreprocessor pre = new ClipImagePreprocessor(224, MEAN, STD);

  /** What CLIPImageProcessor gives for 8-bit value v in channel c: (v / 255 - mean) / std. */
  static float normalized(int v, int c) {
    return ((float) (v / 255.0) - MEAN[c]) / STD[c];
  }

  static float at(float[] px, int c, int y, int x) {
    return px[c * 224 * 224 + y * 224 + x];
  }

  static BufferedImage twoColours(int w, int h, int split, int a, int b) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, x < split ? a : b);
      }
    }
    return img;
  }

  @Test
  void kernelIsKeysCubicWithAMinusHalf() {
    assertThat(BicubicResampler.kernel(0)).isEqualTo(1.0);
    assertThat(BicubicResampler.kernel(0.5)).isEqualTo(0.5625);
    assertThat(BicubicResampler.kernel(-0.5)).isEqualTo(0.5625);
    assertThat(BicubicResampler.kernel(1.0)).isEqualTo(0.0);
    assertThat(BicubicResampler.kernel(1.5)).isEqualTo(-0.0625);
    assertThat(BicubicResampler.kernel(2.0)).isEqualTo(0.0);
  }

  @Test
  void outputSizeFollowsShortestSide() {
    assertThat(ClipImagePreprocessor.resizedSize(640, 480, 224)).containsExactly(298, 224);
    assertThat(ClipImagePreprocessor.resizedSize(480, 640, 224)).containsExactly(224, 298);
    assertThat(ClipImagePreprocessor.resizedSize(224, 224, 224)).containsExactly(224, 224);
    assertThat(ClipImagePreprocessor.resizedSize(100, 50, 224)).containsExactly(448, 224);
  }

  @Test
  void centerCropAndNormalizeWithoutResampling() {
    // 300x224: the short side is already 224, so no resampling; the crop starts at x = 38.
    // Columns < 150 are (255, 128, 0), the rest (0, 64, 255): crop columns < 112 are the first.
    BufferedImage img = twoColours(300, 224, 150, 0xFF8000, 0x0040FF);
    float[] px = pre.pixelValues(img);
    assertThat(px).hasSize(3 * 224 * 224);
    int[] a = {255, 128, 0};
    int[] b = {0, 64, 255};
    for (int c = 0; c < 3; c++) {
      for (int y : new int[] {0, 100, 223}) {
        assertThat(at(px, c, y, 0)).isEqualTo(normalized(a[c], c));
        assertThat(at(px, c, y, 111)).isEqualTo(normalized(a[c], c));
        assertThat(at(px, c, y, 112)).isEqualTo(normalized(b[c], c));
        assertThat(at(px, c, y, 223)).isEqualTo(normalized(b[c], c));
      }
    }
    // Channel order is CHW: the red plane comes first.
    assertThat(px[0]).isCloseTo((1f - MEAN[0]) / STD[0], within(1e-6f));
  }

  @Test
  void bicubicDownscaleAtAnEdgeMatchesHandComputedPillowValues() {
    // 448x448, green left half, red right half, halved to 224x224 (no crop). With scale 2 the
    // kernel is stretched to support 4: output column 111 is centred on input 223 with taps
    // 219..226 and normalized weights -0.01171875, -0.03515625, 0.11328125, 0.43359375 (x2,
    // mirrored). Red (right side) gets 0.11328125 - 0.03515625 - 0.01171875 = 0.06640625 of 255
    // = 16.93 -> 17, green 0.93359375 * 255 = 238.07 -> 238; columns 110 / 113 overshoot and
    // clamp to 0 / 255.
    BufferedImage img = twoColours(448, 448, 224, 0x00FF00, 0xFF0000);
    float[] px = pre.pixelValues(img);
    int[][] expected = { // column, red, green
        {0, 0, 255}, {109, 0, 255}, {110, 0, 255}, {111, 17, 238}, {112, 238, 17},
        {113, 255, 0}, {114, 255, 0}, {223, 255, 0}};
    for (int[] e : expected) {
      for (int y : new int[] {0, 57, 223}) {
        assertThat(at(px, 0, y, e[0])).as("red at column %d", e[0]).isEqualTo(normalized(e[1], 0));
        assertThat(at(px, 1, y, e[0])).as("green at column %d", e[0])
            .isEqualTo(normalized(e[2], 1));
        assertThat(at(px, 2, y, e[0])).isEqualTo(normalized(0, 2));
      }
    }
  }

  @Test
  void uniformImagesStayUniformWhenUpOrDownscaled() {
    for (int[] size : new int[][] {{333, 517}, {50, 70}, {1000, 225}}) {
      BufferedImage img = twoColours(size[0], size[1], size[0], 0x0AC84D, 0);
      float[] px = pre.pixelValues(img);
      int[] rgb = {0x0A, 0xC8, 0x4D};
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 224 * 224; i += 997) {
          assertThat(px[c * 224 * 224 + i]).isEqualTo(normalized(rgb[c], c));
        }
      }
    }
  }

  @Test
  void grayIsReplicatedFromRawSamplesAndAlphaDropped() {
    BufferedImage gray = new BufferedImage(224, 224, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSample(5, 7, 0, 128);
    float[] px = pre.pixelValues(gray);
    for (int c = 0; c < 3; c++) {
      assertThat(at(px, c, 7, 5)).isEqualTo(normalized(128, c));
      assertThat(at(px, c, 0, 0)).isEqualTo(normalized(0, c));
    }
    BufferedImage argb = new BufferedImage(224, 224, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(3, 4, 0x10203040);
    float[] px2 = pre.pixelValues(argb);
    assertThat(at(px2, 0, 4, 3)).isEqualTo(normalized(0x20, 0));
    assertThat(at(px2, 1, 4, 3)).isEqualTo(normalized(0x30, 1));
    assertThat(at(px2, 2, 4, 3)).isEqualTo(normalized(0x40, 2));
  }
}
