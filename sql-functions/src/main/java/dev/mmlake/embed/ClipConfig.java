package dev.mmlake.embed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code config.json} of a two-tower CLIP export: {@code image_size}, {@code image_mean},
 * {@code image_std} (3 values each), {@code context_length} and {@code projection_dim}; optional
 * {@code pad_token_id} (default: the id of {@code <|endoftext|>} in {@code tokenizer.json}, which
 * is what HF's CLIPTokenizer pads with).
 */
public record ClipConfig(int imageSize, float[] mean, float[] std, int contextLength,
    int projectionDim, long padTokenId) {
  public static final String TEXT_MODEL = "text_model.onnx";
  public static final String VISION_MODEL = "vision_model.onnx";
  public static final String TOKENIZER = "tokenizer.json";
  public static final String CONFIG = "config.json";
  static final String END_OF_TEXT = "<|endoftext|>";

  /** Reads and checks the config of the CLIP directory {@code dir}. */
  public static ClipConfig load(Path dir) {
    List<String> missing = new ArrayList<>();
    for (String f : List.of(TEXT_MODEL, VISION_MODEL, TOKENIZER, CONFIG)) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "CLIP model directory %s lacks %s; docs/models.md shows how to "
          + "export a CLIP into this layout", dir, missing);
    }
    JsonNode c = ModelSpec.readJson(dir.resolve(CONFIG), dir.toString());
    for (String key : List.of("image_size", "image_mean", "image_std", "context_length",
        "projection_dim")) {
      if (!c.hasNonNull(key)) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "%s lacks the keys %s (see docs/models.md)", dir.resolve(CONFIG),
          missing);
    }
    long pad = c.hasNonNull("pad_token_id") ? c.get("pad_token_id").asLong()
        : endOfTextId(dir.resolve(TOKENIZER));
    ClipConfig cfg = new ClipConfig(c.get("image_size").asInt(), floats(c, "image_mean"),
        floats(c, "image_std"), c.get("context_length").asInt(), c.get("projection_dim").asInt(),
        pad);
    if (cfg.imageSize < 1 || cfg.contextLength < 2 || cfg.projectionDim < 1) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "%s has a non-positive image_size, context_length or "
          + "projection_dim", dir.resolve(CONFIG));
    }
    for (float s : cfg.std) {
      if (s <= 0) {
        throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
            "%s: image_std values must be positive", dir.resolve(CONFIG));
      }
    }
    return cfg;
  }

  private static float[] floats(JsonNode c, String key) {
    JsonNode a = c.get(key);
    if (!a.isArray() || a.size() != 3) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "config.json: %s must be an array of 3 numbers (R, G, B)", key);
    }
    return new float[] {(float) a.get(0).asDouble(), (float) a.get(1).asDouble(),
        (float) a.get(2).asDouble()};
  }

  private static long endOfTextId(Path tokenizer) {
    JsonNode t = ModelSpec.readJson(tokenizer, tokenizer.toString());
    for (JsonNode added : t.path("added_tokens")) {
      if (END_OF_TEXT.equals(added.path("content").asText())) {
        return added.path("id").asLong();
      }
    }
    JsonNode id = t.path("model").path("vocab").get(END_OF_TEXT);
    if (id != null && id.isNumber()) {
      return id.asLong();
    }
    throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
        "%s has no %s token: set pad_token_id in config.json", tokenizer,
        END_OF_TEXT);
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /** Preprocessing as JSON, stored with the model spec. */
  String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image_size", imageSize);
    m.put("image_mean", mean);
    m.put("image_std", std);
    m.put("resize", "shortest side to image_size, PIL-compatible bicubic (a=-0.5), center crop");
    m.put("context_length", contextLength);
    m.put("pad_token_id", padTokenId);
    m.put("output", "L2-normalized; video = mean of keyframe embeddings, re-normalized");
    return ModelSpec.toJson(m);
  }
}
