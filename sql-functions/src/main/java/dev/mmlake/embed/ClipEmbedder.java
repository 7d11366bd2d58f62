package dev.mmlake.embed;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A CLIP: texts and images (and videos as keyframes) embedded into one space. Same batching and
 * invocation contract as {@link Embedder}; text and image invocations share one counter.
 */
public interface ClipEmbedder extends Embedder {
  /** Embeds decoded images (any {@link BufferedImage} type; alpha is dropped, gray replicated). */
  float[][] embedImages(List<BufferedImage> images);

  /** Decodes (ImageIO) and embeds encoded images; an undecodable one fails the call. */
  float[][] embedImageBytes(List<byte[]> encodedImages);

  /**
   * Embeds videos given as their keyframes: every keyframe is embedded (batched across videos),
   * then each video's frame vectors are averaged and re-normalized.
   */
  float[][] embedVideos(List<List<BufferedImage>> keyframesPerVideo);
}
