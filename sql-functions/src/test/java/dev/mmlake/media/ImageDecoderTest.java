package dev.mmlake.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.samples.SampleImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(MediaLimits.DEFAULTS);

  @Test
  void probeAndDecodeReportTheRealSize() {
    BufferedImage src = SampleImages.scene(200, 150, 1);
    byte[] jpeg = SampleImages.jpeg(src, 0.9f);
    assertThat(decoder.probe(jpeg, "t")).isEqualTo(new ImageInfo(200, 150, "jpeg", 3));
    assertThat(decoder.probe(jpeg, "t").toJson())
        .isEqualTo("{\"width\":200,\"height\":150,\"format\":\"jpeg\",\"channels\":3}");
    BufferedImage img = decoder.decode(jpeg, "t");
    assertThat(img.getWidth()).isEqualTo(200);
    assertThat(img.getHeight()).isEqualTo(150);
    // decoded colours follow the source picture (JPEG is lossy: compare with a tolerance)
    int a = src.getRGB(100, 75);
    int b = img.getRGB(100, 75);
    for (int shift = 0; shift <= 16; shift += 8) {
      assertThat(Math.abs((a >> shift & 0xff) - (b >> shift & 0xff))).isLessThan(40);
    }
  }

  @Test
  void truncatedJpegIsCorruptAlthoughImageIoAcceptsIt() throws Exception {
    byte[] jpeg = SampleImages.jpeg(SampleImages.scene(320, 240, 2), 0.9f);
    byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
    BufferedImage lenient = ImageIO.read(new ByteArrayInputStream(cut));
    assertThat(lenient.getWidth()).as("ImageIO's silent acceptance").isEqualTo(320);
    assertThatThrownBy(() -> decoder.decode(cut, "cut.jpg"))
        .isInstanceOfSatisfying(MediaDecodeException.class, e -> {
          assertThat(e.errorType()).isEqualTo("corrupt_jpeg");
          assertThat(e.itemRef()).isEqualTo("cut.jpg");
          assertThat(e.retryable()).isFalse();
        });
  }

  @Test
  void jpegWithoutFrameHeaderIsCorrupt() {
    byte[] garbage = new byte[2048];
    new Random(7).nextBytes(garbage);
    garbage[0] = (byte) 0xFF;
    garbage[1] = (byte) 0xD8;
    garbage[2] = (byte) 0xFF;
    garbage[garbage.length - 2] = (byte) 0xFF;
    garbage[garbage.length - 1] = (byte) 0xD9;
    assertThatThrownBy(() -> decoder.decode(garbage, "g.jpg"))
        .isInstanceOfSatisfying(MediaDecodeException.class,
            e -> assertThat(e.errorType()).isEqualTo("corrupt_jpeg"));
  }

  @Test
  void pixelCapIsEnforcedFromTheHeaderBeforeDecoding() {
    byte[] jpeg = SampleImages.jpeg(SampleImages.scene(64, 48, 4), 0.9f);
    // claim 30000 x 30000 in the frame header; the body could never decode to that
    byte[] huge = jpeg.clone();
    int sof = findSof(huge);
    huge[sof + 5] = (byte) (30000 >> 8);
    huge[sof + 6] = (byte) (30000 & 0xff);
    huge[sof + 7] = (byte) (30000 >> 8);
    huge[sof + 8] = (byte) (30000 & 0xff);
    assertThatThrownBy(() -> decoder.decode(huge, "huge.jpg"))
        .isInstanceOfSatisfying(MediaDecodeException.class, e -> {
          assertThat(e.errorType()).isEqualTo("too_many_pixels");
          assertThat(e.getMessage()).contains("30000x30000").contains("media.max-pixels");
        });
    ImageDecoder small = new ImageDecoder(MediaLimits.DEFAULTS.withMaxPixels(64 * 48 - 1));
    assertThatThrownBy(() -> small.probe(jpeg, "x"))
        .hasFieldOrPropertyWithValue("errorType", "too_many_pixels");
    assertThat(new ImageDecoder(MediaLimits.DEFAULTS.withMaxPixels(64 * 48)).decode(jpeg, "x"))
        .isNotNull();
  }

  @Test
  void unknownBytesAndOversizedFilesAreTypedFailures() {
    assertThatThrownBy(() -> decoder.probe(new byte[] {1, 2, 3, 4}, "r"))
        .hasFieldOrPropertyWithValue("errorType", "unsupported_image_format");
    byte[] jpeg = SampleImages.jpeg(SampleImages.scene(32, 32, 5), 0.9f);
    assertThatThrownBy(() -> new ImageDecoder(MediaLimits.DEFAULTS.withMaxBytes(100))
        .probe(jpeg, "r")).hasFieldOrPropertyWithValue("errorType", "too_large");
  }

  private static int findSof(byte[] b) {
    for (int i = 2; i + 1 < b.length; i++) {
      if ((b[i] & 0xff) == 0xFF && ((b[i + 1] & 0xff) == 0xC0 || (b[i + 1] & 0xff) == 0xC2)) {
        return i;
      }
    }
    throw new AssertionError("no SOF marker");
  }
}
