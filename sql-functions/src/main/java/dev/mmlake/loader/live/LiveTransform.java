package dev.mmlake.loader.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.loader.AudioArray;
import dev.mmlake.loader.ImageArray;
import dev.mmlake.loader.LoaderSample;

/**
 * One live transform, configured: applied by the loader's decode workers to each decoded sample
 * with that sample's {@link LiveRandom}. Implementations are immutable and thread-safe; a sample
 * without the part a transform works on (e.g. no image for a crop) passes through unchanged.
 */
public interface LiveTransform {
  /** The versioned name, e.g. {@code random_crop_v001}. */
  String id();

  /** image, audio, text or video. */
  String modality();

  /** The effective config (defaults filled in); its canonical hash is the config hash. */
  ObjectNode config();

  /** The transformed sample (a new one; {@code sample} is not changed). */
  LoaderSample apply(LoaderSample sample, LiveRandom random);

  /** {@code sample} with {@code image} in place of its image. */
  static LoaderSample withImage(LoaderSample s, ImageArray image) {
    return new LoaderSample(s.key(), s.shard(), s.worker(), image, s.text(), s.vector(),
        s.json(), s.raw(), s.bytes(), s.audio());
  }

  /** {@code sample} with {@code audio} in place of its decoded audio. */
  static LoaderSample withAudio(LoaderSample s, AudioArray audio) {
    return new LoaderSample(s.key(), s.shard(), s.worker(), s.image(), s.text(), s.vector(),
        s.json(), s.raw(), s.bytes(), audio);
  }
}
