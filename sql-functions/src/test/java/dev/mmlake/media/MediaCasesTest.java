package dev.mmlake.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.samples.MediaCaseSamples;
import dev.mmlake.samples.MediaCaseSamples.Case;
import dev.mmlake.samples.SampleImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The real-world image variants of {@code mmlake samples}: each decodes or fails as listed. */
class MediaCasesTest {
  private static final List<Case> CASES = MediaCaseSamples.cases(7);
  private final ImageDecoder decoder = new ImageDecoder(MediaLimits.DEFAULTS);

  @Test
  void everyCaseIsPlantedOnce() {
    assertThat(CASES).extracting(Case::name).doesNotHaveDuplicates().contains(
        "jpeg_trailing_bytes", "jpeg_progressive", "jpeg_cmyk", "jpeg_grayscale", "png_alpha",
        "png_grayscale", "png_16bit", "webp_lossy", "webp_lossless_alpha", "png_truncated",
        "webp_truncated", "jpeg_progressive_truncated", "random_bytes");
    assertThat(CASES).filteredOn(Case::accepted).hasSizeGreaterThanOrEqualTo(9);
    assertThat(CASES).filteredOn(c -> !c.accepted()).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void acceptedCasesDecodeWithTheirSizeAndChannels() {
    for (Case c : CASES) {
      if (!c.accepted()) {
        continue;
      }
      String ref = "media-cases/" + c.name();
      ImageInfo expected = new ImageInfo(c.width(), c.height(), c.format(), c.channels());
      assertThat(decoder.probe(c.bytes(), ref)).as(c.name()).isEqualTo(expected);
      assertThat(decoder.validate(c.bytes(), ref)).as(c.name()).isEqualTo(expected);
      assertThat(decoder.probe(c.bytes(), ref).toJson()).as(c.name())
          .contains("\"channels\":" + c.channels()).contains("\"format\":\"" + c.format() + "\"");
      BufferedImage img = decoder.decode(c.bytes(), ref);
      assertThat(img.getWidth()).as(c.name()).isEqualTo(c.width());
      assertThat(img.getHeight()).as(c.name()).isEqualTo(c.height());
      // a real picture came out: not one flat colour, not black
      assertThat(meanLuma(img)).as(c.name()).isBetween(20.0, 250.0);
    }
  }

  @Test
  void cmykJpegDecodesToItsOriginalColours() {
    // the generator draws jpeg_cmyk from scene(seed * 1000 + 3) and stores inverted (Adobe) CMYK
    BufferedImage src = SampleImages.scene(320, 240, 7 * 1000 + 3);
    Case cmyk = CASES.stream().filter(c -> c.name().equals("jpeg_cmyk")).findFirst().orElseThrow();
    BufferedImage img = decoder.decode(cmyk.bytes(), "cmyk.jpg");
    long diff = 0;
    int n = 0;
    for (int y = 0; y < 240; y += 7) {
      for (int x = 0; x < 320; x += 7) {
        for (int shift = 0; shift <= 16; shift += 8) {
          diff += Math.abs((src.getRGB(x, y) >> shift & 0xff) - (img.getRGB(x, y) >> shift & 0xff));
          n++;
        }
      }
    }
    assertThat((double) diff / n).isLessThan(15.0);
  }

  @Test
  void rejectedCasesFailWithTheirCodeNamingTheItem() {
    for (Case c : CASES) {
      if (c.accepted()) {
        continue;
      }
      String ref = "media-cases/" + c.name();
      assertThatThrownBy(() -> decoder.validate(c.bytes(), ref)).as(c.name())
          .isInstanceOfSatisfying(MediaDecodeException.class, e -> {
            assertThat(e.errorType()).as(c.name()).isEqualTo(c.errorType());
            assertThat(e.itemRef()).isEqualTo(ref);
            assertThat(e.getMessage()).isNotBlank();
          });
    }
  }

  @Test
  void truncationIsFoundWhateverFollowsTheCut() {
    byte[] jpeg = SampleImages.jpeg(SampleImages.scene(160, 120, 3), 0.9f);
    for (int cut : new int[] {jpeg.length / 4, jpeg.length / 2, jpeg.length - 3}) {
      byte[] part = Arrays.copyOf(jpeg, cut);
      assertThatThrownBy(() -> decoder.validate(part, "cut" + cut + ".jpg"))
          .hasFieldOrPropertyWithValue("errorType", "corrupt_jpeg")
          .hasMessageContaining("truncated");
    }
    // zero padding after a cut is still a cut
    byte[] padded = Arrays.copyOf(Arrays.copyOf(jpeg, jpeg.length / 2), jpeg.length + 100);
    assertThatThrownBy(() -> decoder.validate(padded, "padded.jpg"))
        .hasFieldOrPropertyWithValue("errorType", "corrupt_jpeg");
    // a second complete JPEG after the first (MPO-like) is accepted as the first image
    byte[] two = Arrays.copyOf(jpeg, jpeg.length * 2);
    System.arraycopy(jpeg, 0, two, jpeg.length, jpeg.length);
    assertThat(decoder.validate(two, "two.jpg")).isEqualTo(new ImageInfo(160, 120, "jpeg", 3));
  }

  @Test
  void palettePngAndPngWithBytesAfterIendDecode() throws Exception {
    BufferedImage scene = SampleImages.scene(96, 64, 9);
    BufferedImage indexed = new BufferedImage(96, 64, BufferedImage.TYPE_BYTE_INDEXED);
    indexed.createGraphics().drawImage(scene, 0, 0, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(indexed, "png", out);
    byte[] png = out.toByteArray();
    assertThat(decoder.validate(png, "p.png")).isEqualTo(new ImageInfo(96, 64, "png", 3));
    byte[] trailing = Arrays.copyOf(png, png.length + 300);
    Arrays.fill(trailing, png.length, trailing.length, (byte) 0x5A);
    assertThat(decoder.validate(trailing, "t.png")).isEqualTo(new ImageInfo(96, 64, "png", 3));
    assertThat(decoder.decode(trailing, "t.png").getWidth()).isEqualTo(96);
  }

  @Test
  void randomBytesAndMagicOnlyFilesAreRejected() {
    byte[] random = new byte[3000];
    new Random(5).nextBytes(random);
    random[0] = 0x11;
    assertThatThrownBy(() -> decoder.validate(random, "r.bin"))
        .hasFieldOrPropertyWithValue("errorType", "unsupported_image_format");
    byte[] riff = Arrays.copyOf("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 40);
    assertThatThrownBy(() -> decoder.validate(riff, "r.webp"))
        .hasFieldOrPropertyWithValue("errorType", "corrupt_image");
  }

  private static double meanLuma(BufferedImage img) {
    long sum = 0;
    for (int y = 0; y < img.getHeight(); y += 4) {
      for (int x = 0; x < img.getWidth(); x += 4) {
        int rgb = img.getRGB(x, y);
        sum += ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
      }
    }
    return (double) sum / ((img.getHeight() + 3) / 4) / ((img.getWidth() + 3) / 4);
  }
}
