package dev.mmlake.loader.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.transforms.TransformException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The live transforms this loader implements, by versioned id. A recipe that names another id is
 * refused when it runs, and the loader refuses a version whose manifest does.
 */
public final class LiveTransforms {
  private static final Map<String, BiFunction<String, JsonNode, LiveTransform>> KNOWN =
      new TreeMap<>(Map.of(
          RandomResizedCrop.NAME + "_v001", RandomResizedCrop::new,
          HorizontalFlip.NAME + "_v001", HorizontalFlip::new,
          ColorJitter.NAME + "_v001", ColorJitter::new,
          AudioGainNoise.NAME + "_v001", AudioGainNoise::new,
          TokenMasking.NAME + "_v001", TokenMasking::new,
          KeyframeSampling.NAME + "_v001", KeyframeSampling::new));

  private LiveTransforms() {
  }

  /** Every known id, sorted. */
  public static List<String> known() {
    return List.copyOf(KNOWN.keySet());
  }

  /** The configured transform of {@code spec}; fails for an unknown id or a bad config. */
  public static LiveTransform create(LiveTransformSpec spec) {
    BiFunction<String, JsonNode, LiveTransform> f = KNOWN.get(spec.id());
    if (f == null) {
      throw new TransformException(ErrorCode.NOT_FOUND, "Unknown live transform '%s': this "
          + "loader knows %s (docs/transforms.md)", spec.id(), String.join(", ", known()));
    }
    return f.apply(spec.id(), spec.config());
  }
}
