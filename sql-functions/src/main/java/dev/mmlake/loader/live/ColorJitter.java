package dev.mmlake.loader.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.loader.ImageArray;
import dev.mmlake.loader.LoaderSample;
import java.util.Set;

/**
 * {@code color_jitter_v001}: torchvision's {@code ColorJitter(brightness, contrast, saturation)}
 * on uint8 RGB. Each factor is drawn uniform in [max(0, 1 - x), 1 + x] for its setting x (a
 * setting of 0 leaves that adjustment out); the three adjustments run in a random order (a
 * Fisher-Yates shuffle of brightness, contrast, saturation drawn first, then the factors in that
 * order). Each blends the image with a reference as {@code clamp(f * pixel + (1 - f) * ref, 0,
 * 255)} truncated to an integer, as torchvision does on uint8 tensors: brightness against black,
 * contrast against the mean of the image's grey levels, saturation against each pixel's grey level
 * ({@code trunc(0.2989 R + 0.587 G + 0.114 B)}). Config: {@code brightness}, {@code contrast},
 * {@code saturation} (each default 0.4, in [0, 1]).
 */
public final class ColorJitter extends ConfiguredTransform {
  static final String NAME = "color_jitter";
  static final int BRIGHTNESS = 0;
  static final int CONTRAST = 1;
  static final int SATURATION = 2;
  private final double[] strength = new double[3];

  ColorJitter(String id, JsonNode given) {
    super(id, "image", given, Set.of("brightness", "contrast", "saturation"));
    LiveConfig c = settings();
    strength[BRIGHTNESS] = c.number("brightness", 0.4, 0, 1);
    strength[CONTRAST] = c.number("contrast", 0.4, 0, 1);
    strength[SATURATION] = c.number("saturation", 0.4, 0, 1);
  }

  @Override
  public LoaderSample apply(LoaderSample sample, LiveRandom random) {
    ImageArray img = sample.image();
    if (img == null) {
      return sample;
    }
    int[] order = {BRIGHTNESS, CONTRAST, SATURATION};
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.bounded(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    byte[] px = img.hwc().clone();
    for (int op : order) {
      double s = strength[op];
      if (s == 0) {
        continue;
      }
      adjust(px, op, random.uniform(Math.max(0, 1 - s), 1 + s));
    }
    return LiveTransform.withImage(sample, new ImageArray(img.height(), img.width(), px));
  }

  /**
   * Applies adjustment {@code op} with factor {@code f} to RGB bytes in place. Brightness and
   * contrast map each byte value through a 256-entry table of {@link #blend}; saturation adds
   * tables of {@code f * v} and {@code (1 - f) * grey}, the same double arithmetic as
   * {@link #blend}, so the results are those of the per-pixel formula.
   */
  static void adjust(byte[] px, int op, double f) {
    switch (op) {
      case BRIGHTNESS -> map(px, table(0, f));
      case CONTRAST -> {
        double sum = 0;
        for (int i = 0; i < px.length; i += 3) {
          sum += grey(px, i);
        }
        map(px, table(sum / (px.length / 3), f));
      }
      case SATURATION -> {
        double[] scaled = new double[256];
        double[] greys = new double[256];
        for (int v = 0; v < 256; v++) {
          scaled[v] = f * v;
          greys[v] = (1 - f) * v;
        }
        for (int i = 0; i < px.length; i += 3) {
          double g = greys[grey(px, i)];
          px[i] = clampTrunc(scaled[px[i] & 0xFF] + g);
          px[i + 1] = clampTrunc(scaled[px[i + 1] & 0xFF] + g);
          px[i + 2] = clampTrunc(scaled[px[i + 2] & 0xFF] + g);
        }
      }
      default -> throw new IllegalArgumentException("no adjustment " + op);
    }
  }

  private static byte[] table(double ref, double f) {
    byte[] t = new byte[256];
    for (int v = 0; v < 256; v++) {
      t[v] = blend(v, ref, f);
    }
    return t;
  }

  private static void map(byte[] px, byte[] table) {
    for (int i = 0; i < px.length; i++) {
      px[i] = table[px[i] & 0xFF];
    }
  }

  /** torchvision's rgb_to_grayscale on uint8: the weighted sum truncated. */
  static int grey(byte[] px, int i) {
    return (int) (0.2989 * (px[i] & 0xFF) + 0.587 * (px[i + 1] & 0xFF)
        + 0.114 * (px[i + 2] & 0xFF));
  }

  static byte blend(int v, double ref, double f) {
    return clampTrunc(f * v + (1 - f) * ref);
  }

  private static byte clampTrunc(double x) {
    return (byte) (x <= 0 ? 0 : x >= 255 ? 255 : (int) x);
  }
}
