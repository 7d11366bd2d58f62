package dev.mmlake.embed;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A model as the lakehouse knows it. {@code version} is derived from the files' digests
 * ({@link ModelFiles#version}), so two different exports never share a version and embeddings
 * cached under (model, version) stay valid for exactly those files.
 *
 * @param name model name, e.g. {@code all-MiniLM-L6-v2}
 * @param version first 16 hex chars of sha256 over the sorted (file name, sha256) list
 * @param engine DJL engine that runs it ({@code OnnxRuntime})
 * @param files file name to sha256 hex, sorted by name
 * @param dim embedding dimension
 * @param modality {@link #TEXT} or {@link #TEXT_IMAGE}
 * @param preprocessing JSON describing tokenization / image preprocessing and pooling
 * @param location the model directory (null when read from a catalog and not present here)
 */
public record ModelSpec(String name, String version, String engine, SortedMap<String, String> files,
    int dim, String modality, String preprocessing, Path location) {
  public static final String TEXT = "text";
  public static final String TEXT_IMAGE = "text+image";
  public static final String ENGINE = "OnnxRuntime";

  private static final ObjectMapper JSON = new ObjectMapper();

  public ModelSpec {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(version, "version is null");
    Objects.requireNonNull(engine, "engine is null");
    Objects.requireNonNull(modality, "modality is null");
    files = Collections.unmodifiableSortedMap(
        new TreeMap<>(Objects.requireNonNull(files, "files is null")));
    if (!TEXT.equals(modality) && !TEXT_IMAGE.equals(modality)) {
      throw new EmbedException(ErrorCode.INVALID_ARGUMENT,
          "Unknown modality '%s' for model %s: use %s or %s", modality, name,
          TEXT, TEXT_IMAGE);
    }
  }

  /** {@code name@version}, the key of loaded models and cached embeddings. */
  public String key() {
    return name + "@" + version;
  }

  /**
   * Describes a model directory. A directory with {@code text_model.onnx},
   * {@code vision_model.onnx}, {@code tokenizer.json} and {@code config.json} is a two-tower CLIP
   * ({@link ClipConfig}); one with {@code model.onnx}, {@code tokenizer.json} and a
   * {@code config.json} holding {@code hidden_size}
   * is a mean-pooled sentence encoder like all-MiniLM-L6-v2.
   */
  public static ModelSpec fromDirectory(String name, Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "Model directory %s does not exist", dir);
    }
    if (Files.exists(dir.resolve(ClipConfig.TEXT_MODEL))
        || Files.exists(dir.resolve(ClipConfig.VISION_MODEL))) {
      ClipConfig clip = ClipConfig.load(dir);
      return of(name, dir, clip.projectionDim(), TEXT_IMAGE, clip.toJson());
    }
    if (Files.exists(dir.resolve(TextModelFiles.MODEL))) {
      TextModelFiles.check(dir);
      JsonNode config = readJson(dir.resolve("config.json"), name);
      int dim = config.path("hidden_size").asInt(0);
      if (dim <= 0) {
        throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
            "%s has no positive hidden_size: cannot tell the embedding "
            + "dimension of model %s", dir.resolve("config.json"), name);
      }
      return text(name, dir, dim);
    }
    throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
        "%s is not a model directory mmlake can load: expected %s, %s, %s "
        + "and config.json (CLIP) or %s, %s and config.json (text encoder); see docs/models.md",
        dir, ClipConfig.TEXT_MODEL, ClipConfig.VISION_MODEL, ClipConfig.TOKENIZER,
        TextModelFiles.MODEL, TextModelFiles.TOKENIZER);
  }

  /** A mean-pooled text encoder ({@code model.onnx} + {@code tokenizer.json}) in {@code dir}. */
  public static ModelSpec text(String name, Path dir, int dim) {
    TextModelFiles.check(dir);
    return of(name, dir, dim, TEXT, TextModelFiles.preprocessingJson(dir));
  }

  private static ModelSpec of(String name, Path dir, int dim, String modality, String prep) {
    SortedMap<String, String> files = ModelFiles.digests(dir);
    return new ModelSpec(name, ModelFiles.version(files), ENGINE, files, dim, modality, prep,
        dir.toAbsolutePath().normalize());
  }

  static JsonNode readJson(Path file, String model) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          e, "Cannot read %s of model %s: %s", file, model, e.getMessage());
    }
  }

  static String toJson(Map<String, ?> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static SortedMap<String, String> parseFiles(String json) {
    try {
      return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
    } catch (IOException e) {
      throw new EmbedException(ErrorCode.CORRUPT_METADATA,
          e, "Corrupt files column in lake.models: %s", e.getMessage());
    }
  }
}
