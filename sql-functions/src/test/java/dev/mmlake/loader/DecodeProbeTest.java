package dev.mmlake.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Reduced (DCT-scaled) JPEG decoding, the JPEG size sniffer and the per-core decode probe. */
class DecodeProbeTest {
  /** A {@code w x h} image, left half red, right half blue. */
  private static byte[] image(int w, int h, String format) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, x < w / 2 ? 0xE01010 : 0x1010E0);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  @Test
  void jpegSizeIsReadFromTheFrameHeader() throws IOException {
    assertThat(JpegSize.of(image(640, 480, "jpeg"))).containsExactly(480, 640);
    assertThat(JpegSize.of(image(64, 48, "png"))).isNull();
    assertThat(JpegSize.of(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2})).isNull();
  }

  @Test
  void aTargetSizePicksTheSmallestDctScaleStillLargeEnoughAndKeepsRgbOrder() throws IOException {
    byte[] jpeg = image(640, 480, "jpeg");
    int[][] expect = {{0, 480, 640}, {240, 240, 320}, {200, 240, 320}, {100, 120, 160},
        {60, 60, 80}, {50, 60, 80}};
    for (int[] e : expect) {
      ImageArray img = SampleDecoder.decodeImage(jpeg, "t.jpg", e[0]);
      assertThat(new int[] {img.height(), img.width()}).as("min side %d", e[0])
          .containsExactly(e[1], e[2]);
      int y = img.height() / 2;
      assertThat(img.at(y, 2, 0)).as("red on the left").isGreaterThan(180);
      assertThat(img.at(y, 2, 2)).isLessThan(60);
      assertThat(img.at(y, img.width() - 3, 2)).as("blue on the right").isGreaterThan(180);
    }
    byte[] png = image(640, 480, "png");
    assertThat(SampleDecoder.decodeImage(png, "t.png", 100).width()).as("PNG: full size")
        .isEqualTo(640);
  }

  @Test
  void probeDecodesResizesAndCropsToTheTargetSquare() throws IOException {
    List<byte[]> images = List.of(image(320, 240, "jpeg"), image(100, 200, "png"));
    DecodeProbe.Result full = DecodeProbe.run(images, DecodeProbe.Mode.DECODE, 0, 0);
    assertThat(full.images()).isGreaterThanOrEqualTo(2);
    assertThat(full.height()).isEqualTo(200);
    for (DecodeProbe.Mode m : List.of(DecodeProbe.Mode.DECODE_RESIZE,
        DecodeProbe.Mode.REDUCED_DECODE_RESIZE)) {
      DecodeProbe.Result r = DecodeProbe.run(images, m, 64, 0);
      assertThat(new int[] {r.height(), r.width()}).containsExactly(64, 64);
      assertThat(r.imagesPerCpuSecond()).isPositive();
    }
    ImageArray crop = DecodeProbe.once(images.get(0), DecodeProbe.Mode.REDUCED_DECODE_RESIZE, 100);
    assertThat(crop.at(50, 2, 0)).as("left edge of the center crop is red").isGreaterThan(180);
    assertThat(crop.at(50, 97, 2)).as("right edge is blue").isGreaterThan(180);
  }

  @Test
  void membersThatAreNotImagesAreLeftOutOfTheProbe() throws IOException {
    byte[] jpeg = image(32, 16, "jpeg");
    byte[] noise = "not a jpeg at all".getBytes(StandardCharsets.US_ASCII);
    assertThat(DecodeProbe.decodable(List.of(noise, jpeg, noise))).containsExactly(jpeg);
    assertThat(DecodeProbe.decodable(List.of(noise))).isEmpty();
  }
}
