package dev.mmlake.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.catalog.LakeTables;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The data-producing SQL functions and how each describes itself in {@code lake.transforms}: its
 * implementation version, modality, inputs, outputs, model and config keys (docs/transforms.md
 * lists them). Each function builds its {@link TransformDef} here and records it with
 * {@link TransformUses#record} when it runs. Bump a version when a function's output for the same
 * input and config changes.
 */
public final class PrecomputeTransforms {
  public static final String VIDEO_KEYFRAMES = "VIDEO_KEYFRAMES";
  public static final String IMAGE_RESIZE = "IMAGE_RESIZE";
  public static final String EMBED_TEXT = "EMBED_TEXT";
  public static final String EMBED_CLIP = "EMBED_CLIP";
  public static final String QUALITY_SCORE = "QUALITY_SCORE";
  public static final String TEXT_KEY = "TEXT_KEY";
  public static final String IMAGE_THUMB_VECTOR = "IMAGE_THUMB_VECTOR";
  public static final String EXACT_DEDUP = "EXACT_DEDUP";
  public static final String ANN_DEDUP = "ANN_DEDUP";
  public static final String TOKEN_COUNT = "TOKEN_COUNT";

  /** Every precompute transform, by SQL name. */
  public static final List<String> NAMES = List.of(VIDEO_KEYFRAMES, IMAGE_RESIZE, EMBED_TEXT,
      EMBED_CLIP, QUALITY_SCORE, TEXT_KEY, IMAGE_THUMB_VECTOR, EXACT_DEDUP, ANN_DEDUP,
      TOKEN_COUNT);

  /** The transforms whose output a lake table stores (read by a recipe: they made its data). */
  public static final Map<TableIdentifier, List<String>> PRODUCERS = Map.of(
      LakeTables.EMBEDDINGS, List.of(EMBED_TEXT, EMBED_CLIP),
      LakeTables.QUALITY, List.of(QUALITY_SCORE),
      LakeTables.DEDUP, List.of(EXACT_DEDUP, ANN_DEDUP));

  private static final String V1 = "v001";

  private PrecomputeTransforms() {
  }

  /** {@code VIDEO_KEYFRAMES(uri, n)}: n frames at the centres of n equal spans, as JPEG blobs. */
  public static TransformDef videoKeyframes(int n) {
    ObjectNode c = TransformDef.newConfig();
    c.put("n", n);
    c.put("placement", "span_centres");
    c.put("format", "jpeg");
    return TransformDef.precompute(VIDEO_KEYFRAMES, V1, "video", List.of("uri", "n"),
        List.of("keyframe_uris"), null, c);
  }

  /** {@code IMAGE_RESIZE(image, width, height)}: Pillow-compatible bicubic, PNG out. */
  public static TransformDef imageResize(int width, int height) {
    ObjectNode c = TransformDef.newConfig();
    c.put("width", width);
    c.put("height", height);
    c.put("filter", "bicubic_pillow");
    c.put("format", "png");
    return TransformDef.precompute(IMAGE_RESIZE, V1, "image", List.of("image", "width", "height"),
        List.of("png"), null, c);
  }

  /** {@code EMBED_TEXT(text)} with a text model. */
  public static TransformDef embedText(String model, String modelVersion) {
    return embed(EMBED_TEXT, "text", model, modelVersion, null);
  }

  /** {@code EMBED_CLIP(uri or text)} with a CLIP model; videos average {@code videoFrames}. */
  public static TransformDef embedClip(String model, String modelVersion, int videoFrames) {
    return embed(EMBED_CLIP, "text+image", model, modelVersion, videoFrames);
  }

  private static TransformDef embed(String name, String modality, String model,
      String modelVersion, Integer videoFrames) {
    ObjectNode c = TransformDef.newConfig();
    c.put("model", model);
    c.put("model_version", modelVersion);
    if (videoFrames != null) {
      c.put("video_frames", videoFrames);
    }
    return TransformDef.precompute(name, V1, modality, List.of("input"), List.of("vector"),
        model + "@" + modelVersion, c);
  }

  /** {@code QUALITY_SCORE} of one modality with the thresholds in effect. */
  public static TransformDef qualityScore(String rulesVersion, String modality,
      JsonNode thresholds) {
    ObjectNode c = TransformDef.newConfig();
    c.put("rules_version", rulesVersion);
    c.put("modality", modality);
    c.set("thresholds", thresholds);
    return TransformDef.precompute(QUALITY_SCORE, rulesVersion, modality,
        List.of("modality", "uri", "text", "metadata"), List.of("status", "reason", "score"), null,
        c);
  }

  /** {@code TEXT_KEY(text)}: sha256 of the normalized text. */
  public static TransformDef textKey() {
    ObjectNode c = TransformDef.newConfig();
    c.put("normalization", "nfkc,lower,strip_punctuation,collapse_space,trim");
    c.put("hash", "sha256");
    return TransformDef.precompute(TEXT_KEY, V1, "text", List.of("text"), List.of("key"), null, c);
  }

  /** {@code IMAGE_THUMB_VECTOR(uri)}: 16x16 grey, mean-centred, L2-normalized. */
  public static TransformDef imageThumbVector(int side) {
    ObjectNode c = TransformDef.newConfig();
    c.put("side", side);
    c.put("resample", "area_average");
    c.put("normalization", "mean_centred_l2");
    return TransformDef.precompute(IMAGE_THUMB_VECTOR, V1, "image", List.of("uri"),
        List.of("vector"), null, c);
  }

  /** {@code EXACT_DEDUP(CURSOR(...))}: groups by key, keeps the best quality, then earliest. */
  public static TransformDef exactDedup() {
    ObjectNode c = TransformDef.newConfig();
    c.put("method", "exact_key");
    c.put("keep", "highest_quality_then_earliest");
    return TransformDef.precompute(EXACT_DEDUP, V1, "any",
        List.of("id", "key", "quality", "ingested_at"),
        List.of("cluster_id", "kept", "nearest_id", "similarity"), null, c);
  }

  /** {@code ANN_DEDUP(CURSOR(...), threshold)} with the pair-finding method it used. */
  public static TransformDef annDedup(double threshold, String method) {
    ObjectNode c = TransformDef.newConfig();
    c.put("threshold", threshold);
    c.put("method", method);
    return TransformDef.precompute(ANN_DEDUP, V1, "any", List.of("id", "vector", "quality"),
        List.of("cluster_id", "kept", "nearest_id", "similarity"), null, c);
  }

  /** {@code TOKEN_COUNT(text)} under {@code tokenizer}. */
  public static TransformDef tokenCount(String tokenizer) {
    ObjectNode c = TransformDef.newConfig();
    c.put("tokenizer", tokenizer);
    return TransformDef.precompute(TOKEN_COUNT, V1, "text", List.of("text"), List.of("tokens"),
        null, c);
  }
}
