package dev.mmlake.loader.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.loader.ImageArray;
import dev.mmlake.loader.LoaderSample;
import dev.mmlake.transforms.TransformException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiveTransformsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A w x h image whose pixel (y, x) is (x, y, (x + y) mod 256). */
  static ImageArray gradient(int h, int w) {
    byte[] px = new byte[h * w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        px[i] = (byte) x;
        px[i + 1] = (byte) y;
        px[i + 2] = (byte) ((x + y) & 0xFF);
      }
    }
    return new ImageArray(h, w, px);
  }

  static LoaderSample sample(String key, ImageArray image, String text, String json) {
    return new LoaderSample(key, "s-000000.tar", 0, image, text, null, json, Map.of(), 0);
  }

  static LiveTransform create(String spec) {
    return LiveTransforms.create(LiveTransformSpec.parse(spec));
  }

  @Test
  void cropBoxesFollowTorchvisionBoundsAndCopyTheBoxPixels() {
    RandomResizedCrop crop = (RandomResizedCrop) create(
        "random_crop_v001 {\"size\": 16, \"scale\": [0.25, 0.5], \"ratio\": [0.5, 2.0]}");
    for (int k = 0; k < 200; k++) {
      RandomResizedCrop.Box b = crop.box(40, 60, LiveRandom.of(7, 0, "key-" + k, 0));
      double area = (double) b.height() * b.width() / (40 * 60);
      double aspect = (double) b.width() / b.height();
      assertThat(b.top()).isBetween(0, 40 - b.height());
      assertThat(b.left()).isBetween(0, 60 - b.width());
      // rounding w and h to integers moves the area and aspect slightly off the drawn values
      assertThat(area).isBetween(0.2, 0.56);
      assertThat(aspect).isBetween(0.4, 2.5);
    }
    ImageArray img = gradient(40, 60);
    ImageArray cut = RandomResizedCrop.cropResize(img, new RandomResizedCrop.Box(5, 9, 12, 20),
        12, 20);
    assertThat(cut.height()).isEqualTo(12);
    assertThat(cut.width()).isEqualTo(20);
    for (int y = 0; y < 12; y++) {
      for (int x = 0; x < 20; x++) {
        assertThat(cut.at(y, x, 0)).isEqualTo(9 + x);
        assertThat(cut.at(y, x, 1)).isEqualTo(5 + y);
      }
    }
  }

  @Test
  void cropFallsBackToTheCentreWhenNoBoxFits() {
    // scale [1, 1] with ratio [2, 2] never fits a square image: the fallback is the centre crop
    // of the widest box of aspect 2, i.e. 32 x 16 at top (32 - 16) / 2 = 8
    RandomResizedCrop crop = (RandomResizedCrop) create(
        "random_crop_v001 {\"size\": [16, 32], \"scale\": [1, 1], \"ratio\": [2, 2]}");
    RandomResizedCrop.Box b = crop.box(32, 32, LiveRandom.of(1, 0, "k", 0));
    assertThat(b).isEqualTo(new RandomResizedCrop.Box(8, 0, 16, 32));
    LoaderSample out = crop.apply(sample("k", gradient(32, 32), null, null),
        LiveRandom.of(1, 0, "k", 0));
    assertThat(out.image().height()).isEqualTo(16);
    assertThat(out.image().width()).isEqualTo(32);
    assertThat(out.image().at(3, 31, 0)).isEqualTo(31);
    assertThat(out.image().at(3, 31, 1)).isEqualTo(11);
  }

  @Test
  void cropResizesBilinearly() {
    // a horizontal ramp 0, 2, 4, ... resized from 8 to 4 columns: half-pixel centres land
    // between input columns 2i and 2i + 1, so each output is the mean of a pair: 1, 5, 9, 13
    byte[] px = new byte[2 * 8 * 3];
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 8; x++) {
        Arrays.fill(px, (y * 8 + x) * 3, (y * 8 + x) * 3 + 3, (byte) (2 * x));
      }
    }
    ImageArray out = RandomResizedCrop.cropResize(new ImageArray(2, 8, px),
        new RandomResizedCrop.Box(0, 0, 2, 8), 2, 4);
    assertThat(new int[] {out.at(0, 0, 0), out.at(0, 1, 0), out.at(0, 2, 0), out.at(1, 3, 2)})
        .containsExactly(1, 5, 9, 13);
  }

  @Test
  void flipMirrorsWithProbabilityP() {
    ImageArray img = gradient(3, 5);
    ImageArray f = HorizontalFlip.flip(img);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 5; x++) {
        for (int c = 0; c < 3; c++) {
          assertThat(f.at(y, x, c)).isEqualTo(img.at(y, 4 - x, c));
        }
      }
    }
    LoaderSample s = sample("k", img, null, null);
    LiveTransform always = create("horizontal_flip_v001 {\"p\": 1}");
    LiveTransform never = create("horizontal_flip_v001 {\"p\": 0}");
    assertThat(always.apply(s, LiveRandom.of(1, 0, "k", 0)).image().hwc()).isEqualTo(f.hwc());
    assertThat(never.apply(s, LiveRandom.of(1, 0, "k", 0)).image().hwc()).isEqualTo(img.hwc());
    LiveTransform half = create("horizontal_flip_v001");
    int flipped = 0;
    for (int k = 0; k < 400; k++) {
      String key = "k" + k;
      if (!Arrays.equals(half.apply(sample(key, img, null, null), LiveRandom.of(3, 1, key, 0))
          .image().hwc(), img.hwc())) {
        flipped++;
      }
    }
    assertThat(flipped).isBetween(150, 250);
  }

  @Test
  void colourAdjustmentsBlendLikeTorchvision() {
    byte[] px = {(byte) 200, 100, 50, 10, 20, 30};
    byte[] b = px.clone();
    ColorJitter.adjust(b, ColorJitter.BRIGHTNESS, 1.5);
    assertThat(toInts(b)).containsExactly(255, 150, 75, 15, 30, 45);
    byte[] s = px.clone();
    ColorJitter.adjust(s, ColorJitter.SATURATION, 0);
    // grey = trunc(0.2989 * 200 + 0.587 * 100 + 0.114 * 50) = 124; second pixel 18
    assertThat(toInts(s)).containsExactly(124, 124, 124, 18, 18, 18);
    byte[] c = px.clone();
    ColorJitter.adjust(c, ColorJitter.CONTRAST, 0.5);
    // mean grey (124 + 18) / 2 = 71: 0.5 * v + 35.5, truncated
    assertThat(toInts(c)).containsExactly(135, 85, 60, 40, 45, 50);
    // the table-driven saturation gives the per-pixel formula's bytes
    byte[] rnd = new byte[3 * 500];
    new Random(3).nextBytes(rnd);
    byte[] fast = rnd.clone();
    ColorJitter.adjust(fast, ColorJitter.SATURATION, 0.73);
    for (int i = 0; i < rnd.length; i += 3) {
      int g = ColorJitter.grey(rnd, i);
      for (int k = 0; k < 3; k++) {
        assertThat(fast[i + k]).isEqualTo(ColorJitter.blend(rnd[i + k] & 0xFF, g, 0.73));
      }
    }
    LiveTransform none = create("color_jitter_v001 {\"brightness\": 0, \"contrast\": 0, "
        + "\"saturation\": 0}");
    ImageArray img = gradient(4, 4);
    assertThat(none.apply(sample("k", img, null, null), LiveRandom.of(1, 0, "k", 0)).image()
        .hwc()).isEqualTo(img.hwc());
  }

  private static int[] toInts(byte[] b) {
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xFF;
    }
    return out;
  }

  @Test
  void gainAndNoiseOnAKnownWaveform() {
    float[] wave = new float[1000];
    for (int i = 0; i < wave.length; i++) {
      wave[i] = (float) (0.25 * Math.sin(i / 10.0));
    }
    AudioGainNoise gainOnly = (AudioGainNoise) create(
        "audio_gain_noise_v001 {\"gain_db\": [6.0206, 6.0206], \"noise_std\": 0}");
    float[] doubled = gainOnly.apply(wave, LiveRandom.of(1, 0, "a", 0));
    for (int i = 0; i < wave.length; i++) {
      assertThat(doubled[i]).isCloseTo(2 * wave[i], within(1e-4f));
    }
    AudioGainNoise noisy = (AudioGainNoise) create(
        "audio_gain_noise_v001 {\"gain_db\": [0, 0], \"noise_std\": 0.01}");
    float[] n = noisy.apply(wave, LiveRandom.of(1, 0, "a", 0));
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < wave.length; i++) {
      double d = n[i] - wave[i];
      sum += d;
      sq += d * d;
    }
    double mean = sum / wave.length;
    double std = Math.sqrt(sq / wave.length - mean * mean);
    assertThat(mean).isCloseTo(0, within(0.002));
    assertThat(std).isCloseTo(0.01, within(0.0015));
    AudioGainNoise loud = (AudioGainNoise) create(
        "audio_gain_noise_v001 {\"gain_db\": [40, 40], \"noise_std\": 0}");
    float[] clipped = loud.apply(new float[] {0.5f, -0.5f}, LiveRandom.of(1, 0, "a", 0));
    assertThat(clipped).containsExactly(1f, -1f);
  }

  @Test
  void maskingReplacesTokensWithTheMaskToken() {
    TokenMasking all = (TokenMasking) create(
        "token_mask_v001 {\"mask_prob\": 1, \"mask_token\": \"<m>\"}");
    LoaderSample s = sample("k", null, "a  cat\tsat on the mat", null);
    assertThat(all.apply(s, LiveRandom.of(1, 0, "k", 0)).text())
        .isEqualTo("<m> <m> <m> <m> <m> <m>");
    TokenMasking none = (TokenMasking) create("token_mask_v001 {\"mask_prob\": 0}");
    assertThat(none.apply(s, LiveRandom.of(1, 0, "k", 0)).text()).isEqualTo("a cat sat on the mat");
    TokenMasking some = (TokenMasking) create("token_mask_v001 {\"mask_prob\": 0.3}");
    List<String> tokens = Collections.nCopies(2000, "w");
    long masked = some.mask(tokens, LiveRandom.of(5, 0, "k", 0)).stream()
        .filter("[MASK]"::equals).count();
    assertThat(masked).isBetween(520L, 680L);
  }

  @Test
  void keyframeSamplingPicksSortedDistinctFrames() throws Exception {
    KeyframeSampling pick = (KeyframeSampling) create("keyframe_sample_v001 {\"frames\": 3}");
    for (int k = 0; k < 100; k++) {
      int[] idx = pick.pick(8, LiveRandom.of(2, 0, "v" + k, 0));
      assertThat(idx).hasSize(3).isSorted().doesNotHaveDuplicates();
      assertThat(Arrays.stream(idx).allMatch(i -> i >= 0 && i < 8)).isTrue();
    }
    assertThat(pick.pick(2, LiveRandom.of(2, 0, "v", 0))).containsExactly(0, 1);
    String json = "{\"id\": \"v1\", \"keyframes\": [\"cas://a\", \"cas://b\", \"cas://c\", "
        + "\"cas://d\", \"cas://e\"]}";
    LoaderSample out = pick.apply(sample("v1", null, null, json), LiveRandom.of(2, 0, "v1", 0));
    JsonNode n = JSON.readTree(out.json());
    int[] expected = pick.pick(5, LiveRandom.of(2, 0, "v1", 0));
    assertThat(n.get("keyframes_indices")).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(n.get("keyframes_indices").get(i).asInt()).isEqualTo(expected[i]);
      assertThat(n.get("keyframes").get(i).asText())
          .isEqualTo("cas://" + (char) ('a' + expected[i]));
    }
    assertThat(n.get("id").asText()).isEqualTo("v1");
  }

  @Test
  void sameSeedEpochAndKeyGiveTheSameOutputOthersDiffer() {
    LivePipeline p = LivePipeline.of(List.of(
        LiveTransformSpec.parse("random_crop_v001 {\"size\": 24}"),
        LiveTransformSpec.parse("horizontal_flip_v001"),
        LiveTransformSpec.parse("color_jitter_v001"),
        LiveTransformSpec.parse("token_mask_v001 {\"mask_prob\": 0.5}")));
    LoaderSample s = sample("item-1", gradient(50, 70), "one two three four five six seven", null);
    LoaderSample a = p.apply(s, 42, 3);
    LoaderSample b = p.apply(s, 42, 3);
    assertThat(a.image().hwc()).isEqualTo(b.image().hwc());
    assertThat(a.text()).isEqualTo(b.text());
    assertThat(a.image().height()).isEqualTo(24);
    int differs = 0;
    for (long[] se : new long[][] {{43, 3}, {42, 4}, {44, 3}, {42, 5}}) {
      LoaderSample c = p.apply(s, se[0], se[1]);
      if (!Arrays.equals(c.image().hwc(), a.image().hwc())) {
        differs++;
      }
    }
    assertThat(differs).isGreaterThanOrEqualTo(3);
    AudioGainNoise audio = (AudioGainNoise) create("audio_gain_noise_v001");
    float[] wave = {0.1f, -0.2f, 0.3f};
    assertThat(audio.apply(wave, LivePipeline.random(9, 1, "a", 0)))
        .containsExactly(audio.apply(wave, LivePipeline.random(9, 1, "a", 0)));
  }

  @Test
  void unknownNamesAndBadConfigsAreRefused() {
    assertThatThrownBy(() -> create("random_rotate_v001 {}"))
        .isInstanceOf(TransformException.class)
        .hasMessageContaining("Unknown live transform 'random_rotate_v001'")
        .hasMessageContaining("random_crop_v001");
    assertThatThrownBy(() -> create("horizontal_flip_v001 {\"p\": 2}"))
        .hasMessageContaining("p must be in");
    assertThatThrownBy(() -> create("horizontal_flip_v001 {\"q\": 0.5}"))
        .hasMessageContaining("unknown config key(s) [q]");
    assertThatThrownBy(() -> create("random_crop_v001 {}"))
        .hasMessageContaining("size is required");
    assertThatThrownBy(() -> LiveTransformSpec.parse("random_crop_v001 {size: 1"))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void contractHashFollowsConfigsAndRoundTrips() {
    LivePipeline a = LivePipeline.of(List.of(LiveTransformSpec.parse(
        "random_crop_v001 {\"size\": 224, \"scale\": [0.08, 1.0]}")));
    LivePipeline same = LivePipeline.of(List.of(LiveTransformSpec.parse(
        "random_crop_v001 {\"scale\": [0.080, 1], \"size\": 224}")));
    LivePipeline other = LivePipeline.of(List.of(LiveTransformSpec.parse(
        "random_crop_v001 {\"size\": 224, \"scale\": [0.2, 1.0]}")));
    assertThat(same.contractHash()).isEqualTo(a.contractHash());
    assertThat(other.contractHash()).isNotEqualTo(a.contractHash());
    JsonNode contract = a.contract();
    assertThat(LivePipeline.fromContract(contract, "x@v1").contractHash())
        .isEqualTo(a.contractHash());
    ObjectNode bad = a.contract();
    ((ObjectNode) bad.get("transforms").get(0))
        .put("id", "random_rotate_v001");
    assertThatThrownBy(() -> LivePipeline.fromContract(bad, "x@v1"))
        .hasMessageContaining("x@v1 pins live transform 'random_rotate_v001'");
  }
}
