package dev.mmlake.loader.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.loader.ImageArray;
import dev.mmlake.loader.LoaderSample;
import java.util.Set;

/**
 * {@code horizontal_flip_v001}: torchvision's {@code RandomHorizontalFlip(p)}: mirrors the image
 * left to right when one uniform draw in [0, 1) is below {@code p}. Config: {@code p} (default
 * 0.5).
 */
public final class HorizontalFlip extends ConfiguredTransform {
  static final String NAME = "horizontal_flip";
  private final double p;

  HorizontalFlip(String id, JsonNode given) {
    super(id, "image", given, Set.of("p"));
    LiveConfig c = settings();
    this.p = c.number("p", 0.5, 0, 1);
  }

  @Override
  public LoaderSample apply(LoaderSample sample, LiveRandom random) {
    if (sample.image() == null || !(random.nextDouble() < p)) {
      return sample;
    }
    return LiveTransform.withImage(sample, flip(sample.image()));
  }

  /** {@code img} mirrored left to right. */
  public static ImageArray flip(ImageArray img) {
    int w = img.width();
    int c = ImageArray.CHANNELS;
    byte[] in = img.hwc();
    byte[] out = new byte[in.length];
    for (int y = 0; y < img.height(); y++) {
      int row = y * w * c;
      for (int x = 0; x < w; x++) {
        System.arraycopy(in, row + x * c, out, row + (w - 1 - x) * c, c);
      }
    }
    return new ImageArray(img.height(), w, out);
  }
}
