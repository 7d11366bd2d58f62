package dev.mmlake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityScorerTest {
  static final String PROSE = "The harbour town woke slowly. Fishermen hauled their nets across "
      + "wet stones while gulls argued over scraps near the market. A baker opened her shutters, "
      + "and the smell of bread drifted toward the church square, where children chased a "
      + "stray dog. By noon, merchants from the valley arrived with carts of apples, wool and "
      + "copper pots. Nobody expected the storm that evening; clouds gathered quickly above the "
      + "cliffs, lightning split the old oak, and every boat stayed tied to the pier until dawn.";

  // ---- text

  @Test
  void textPassesProseAndRecordsEveryThreshold() {
    QualityResult r = QualityScorer.text(PROSE, 4, 0.93, null);
    assertThat(r.status()).isEqualTo("pass");
    assertThat(r.reason()).isEqualTo("ok");
    assertThat(r.score()).isBetween(0.5, 1.0);
    assertThat(r.rulesVersion()).isEqualTo(QualityScorer.RULES_VERSION);
    assertThat(r.thresholds()).containsEntry("text.min_tokens", 50.0)
        .containsEntry("text.min_int_score", 3.0).containsKey("text.max_top_3gram_char_fraction");
    assertThat(r.thresholdsJson()).startsWith("{\"text.min_tokens\":50.0,");
    assertThat(QualityScorer.text(PROSE, 4, 0.93, null)).isEqualTo(r);
  }

  @Test
  void textFailsShortEmptyInvalidAndNonLetter() {
    QualityResult shortText = QualityScorer.text("Just a few words here.", null, null, null);
    assertThat(shortText.status()).isEqualTo("fail");
    assertThat(shortText.reason()).isEqualTo("too_short: 6 tokens < 50");
    assertThat(shortText.score()).isLessThan(0.5);

    assertThat(QualityScorer.text("   ", null, null, null).reason()).startsWith("empty:");
    assertThat(QualityScorer.text(null, null, null, null).score()).isZero();
    QualityResult invalid = QualityScorer.text(PROSE + " \uFFFD\uFFFD\uFFFD", null, null, null);
    assertThat(invalid.reasonCode()).isEqualTo("invalid_text");
    assertThat(invalid.score()).isZero();

    String digits = String.join(" ", Collections.nCopies(60, "12,345.67 $ 89%"));
    assertThat(QualityScorer.text(digits, null, null, null).reasonCode()).isEqualTo("non_letter");
  }

  @Test
  void textFailsRepetitionAndLowClassifierScores() {
    String spam = String.join(" ", Collections.nCopies(40, "buy cheap watches now"));
    QualityResult r = QualityScorer.text(spam, null, null, null);
    assertThat(r.reason()).startsWith("repetitive: top 3-gram char fraction");
    assertThat(QualityScorer.text(PROSE, 2, 0.9, null).reason())
        .isEqualTo("low_edu_score: int_score 2 < 3");
    assertThat(QualityScorer.text(PROSE, 4, 0.41, null).reason())
        .isEqualTo("low_language_score: language_score 0.41 < 0.65");
  }

  @Test
  void textStatsCountTokensWordPieceStyle() {
    TextStats s = TextStats.of("Hello, world! 東京 is big.");
    // Hello , world ! 東 京 is big .
    assertThat(s.tokens()).isEqualTo(9);
    assertThat(TextStats.dupNgramFraction(List.of("a", "b", "c", "d", "e", "a", "b", "c", "d",
        "e"), 5)).isEqualTo(1.0);
    assertThat(TextStats.topNgramFraction(List.of("a", "b", "c", "d"), 3)).isZero();
  }

  @Test
  void overridesChangeTheVerdictAndAreRecorded() {
    QualityResult r = QualityScorer.text("Just a few words here.", null, null,
        Map.of("min_tokens", "5", "image.min_side", "999"));
    assertThat(r.status()).isEqualTo("pass");
    assertThat(r.thresholds()).containsEntry("text.min_tokens", 5.0)
        .doesNotContainKey("image.min_side");
  }

  // ---- image

  @Test
  void imagePassesSharpCheckerboard() {
    QualityResult r = QualityScorer.image(checkerboard(256, 256, 16), 0.33, null);
    assertThat(r.reason()).isEqualTo("ok");
    assertThat(r.score()).isGreaterThanOrEqualTo(0.5);
    assertThat(r.thresholds()).containsEntry("image.min_laplacian_var", 100.0);
  }

  @Test
  void imageFailsEachRule() {
    assertThat(QualityScorer.image(null, null, null).reason()).startsWith("undecodable:");
    assertThat(QualityScorer.image(checkerboard(8, 8, 2), null, null).reason())
        .isEqualTo("too_small: shorter side 8 px < 64");
    assertThat(QualityScorer.image(checkerboard(640, 64, 16), null, null).reason())
        .isEqualTo("bad_aspect_ratio: aspect ratio 10 > 3");
    assertThat(QualityScorer.image(filled(256, 256, new Color(128, 128, 128)), null, null)
        .reason()).isEqualTo("near_uniform: luma std-dev 0 < 4");
    QualityResult blurred = QualityScorer.image(blurred(checkerboard(320, 320, 32)), null, null);
    assertThat(blurred.reasonCode()).isEqualTo("blurry");
    assertThat(ImageStats.of(blurred(checkerboard(320, 320, 32))).lumaStd()).isGreaterThan(50);
    assertThat(QualityScorer.image(checkerboard(256, 256, 16), 0.1, null).reason())
        .isEqualTo("low_caption_similarity: caption similarity 0.1 < 0.28");
  }

  // ---- audio

  @Test
  void audioPassesSineAndFailsSilenceClippingAndLength() {
    int rate = 16_000;
    QualityResult sine = QualityScorer.audio(sine(rate, 2.0, 0.5), rate, null);
    assertThat(sine.reason()).isEqualTo("ok");
    assertThat(sine.thresholds()).containsEntry("audio.silence_db", -50.0);

    assertThat(QualityScorer.audio(new float[rate * 2], rate, null).reason())
        .isEqualTo("silent: silent frame ratio 1 > 0.6");
    float[] square = sine(rate, 2.0, 0.5);
    for (int i = 0; i < square.length; i++) {
      square[i] = square[i] >= 0 ? 1f : -1f;
    }
    assertThat(QualityScorer.audio(square, rate, null).reasonCode()).isEqualTo("clipped");
    assertThat(QualityScorer.audio(sine(rate, 0.5, 0.5), rate, null).reason())
        .isEqualTo("too_short: 0.5 s < 1");
    float[] nan = sine(rate, 2.0, 0.5);
    nan[10] = Float.NaN;
    assertThat(QualityScorer.audio(nan, rate, null).reason())
        .isEqualTo("undecodable: 1 non-finite samples");
    assertThat(QualityScorer.audio(null, rate, null).score()).isZero();
  }

  // ---- video

  @Test
  void videoPassesNormalKeyframesAndFailsBlackShortAndEmpty() {
    List<BufferedImage> normal = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      normal.add(checkerboard(64, 48, 8));
    }
    assertThat(QualityScorer.video(normal, 12.0, null).reason()).isEqualTo("ok");

    List<BufferedImage> dark = new ArrayList<>(normal.subList(0, 1));
    for (int i = 0; i < 3; i++) {
      dark.add(filled(64, 48, Color.BLACK));
    }
    assertThat(QualityScorer.video(dark, 12.0, null).reason())
        .isEqualTo("black_frames: black keyframe ratio 0.75 > 0.5");
    assertThat(QualityScorer.video(normal, 0.4, null).reason()).isEqualTo("too_short: 0.4 s < 1");
    assertThat(QualityScorer.video(List.of(), 5.0, null).reason())
        .isEqualTo("too_few_keyframes: 0 keyframes < 1");
    assertThat(QualityScorer.video(null, 5.0, null).reasonCode()).isEqualTo("undecodable");
    assertThat(QualityScorer.video(normal, Double.NaN, null).reasonCode())
        .isEqualTo("undecodable");
  }

  // ---- fixtures

  static BufferedImage checkerboard(int w, int h, int square) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean white = ((x / square) + (y / square)) % 2 == 0;
        img.setRGB(x, y, white ? 0xFFFFFF : 0x000000);
      }
    }
    return img;
  }

  static BufferedImage filled(int w, int h, Color c) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  /** Gaussian blur (sigma 4), cropped so that the convolution's unblurred border is gone. */
  static BufferedImage blurred(BufferedImage src) {
    int radius = 12;
    float sigma = 4f;
    int size = 2 * radius + 1;
    float[] k = new float[size * size];
    float sum = 0;
    for (int y = -radius; y <= radius; y++) {
      for (int x = -radius; x <= radius; x++) {
        float v = (float) Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
        k[(y + radius) * size + x + radius] = v;
        sum += v;
      }
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    BufferedImage out = new ConvolveOp(new Kernel(size, size, k), ConvolveOp.EDGE_NO_OP, null)
        .filter(src, null);
    return out.getSubimage(radius, radius, src.getWidth() - 2 * radius,
        src.getHeight() - 2 * radius);
  }

  static float[] sine(int rate, double seconds, double amplitude) {
    float[] s = new float[(int) (rate * seconds)];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) (amplitude * Math.sin(2 * Math.PI * 440 * i / rate));
    }
    return s;
  }
}
