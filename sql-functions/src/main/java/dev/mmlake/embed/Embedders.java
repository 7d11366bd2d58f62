package dev.mmlake.embed;

import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The process-wide cache of loaded models: each (model, version, device, batch size, predictors)
 * is loaded once and shared by every query and thread until {@link #closeAll()}.
 */
public final class Embedders {
  private static final Map<String, Embedder> LOADED = new ConcurrentHashMap<>();
  private static final Map<String, ModelSpec> SPECS = new ConcurrentHashMap<>();

  private Embedders() {
  }

  /** The built-in all-MiniLM-L6-v2 of {@code EMBED_TEXT} (files copied to the models folder). */
  public static Embedder text(EmbedConfig config) {
    return get(builtinTextSpec(config), config);
  }

  /** The CLIP of {@code EMBED_CLIP}, from {@code embed.clip.model-dir}; named after the folder. */
  public static ClipEmbedder clip(EmbedConfig config) {
    return clip(clipSpec(config), config);
  }

  /** The loaded model for {@code spec}: a {@link ClipEmbedder} for text+image models. */
  public static Embedder get(ModelSpec spec, EmbedConfig config) {
    return load(spec, config).embedder();
  }

  /**
   * A shared model and the seconds this call spent loading it.
   *
   * @param loadSeconds 0 when the model was loaded before (by this or another caller)
   */
  public record Loaded<E extends Embedder>(E embedder, double loadSeconds) {
  }

  /** Like {@link #get}, and says how long this call took to load the model. */
  public static Loaded<Embedder> load(ModelSpec spec, EmbedConfig config) {
    String key = spec.key() + "/" + config.device() + "/" + config.batchSize() + "/"
        + config.predictors();
    double[] seconds = {0};
    Embedder e = LOADED.computeIfAbsent(key, k -> {
      long start = System.nanoTime();
      Embedder loaded = ModelSpec.TEXT_IMAGE.equals(spec.modality())
          ? new ClipOnnxEmbedder(spec, config) : new TextOnnxEmbedder(spec, config);
      seconds[0] = (System.nanoTime() - start) / 1e9;
      return loaded;
    });
    return new Loaded<>(e, seconds[0]);
  }

  /** The built-in text model of {@code EMBED_TEXT}, and how long this call took to load it. */
  public static Loaded<Embedder> loadText(EmbedConfig config) {
    return load(builtinTextSpec(config), config);
  }

  /** The configured CLIP of {@code EMBED_CLIP}, and how long this call took to load it. */
  public static Loaded<ClipEmbedder> loadClip(EmbedConfig config) {
    ModelSpec spec = clipSpec(config);
    Loaded<Embedder> loaded = load(spec, config);
    return new Loaded<>(requireClip(spec, loaded.embedder()), loaded.loadSeconds());
  }

  /** Like {@link #get} for a model that must be a CLIP. */
  public static ClipEmbedder clip(ModelSpec spec, EmbedConfig config) {
    return requireClip(spec, get(spec, config));
  }

  private static ClipEmbedder requireClip(ModelSpec spec, Embedder e) {
    if (!(e instanceof ClipEmbedder)) {
      throw new EmbedException(ErrorCode.INVALID_ARGUMENT,
          "Model %s is a %s model; EMBED_CLIP needs a text+image model",
          spec.key(), spec.modality());
    }
    return (ClipEmbedder) e;
  }

  /** The spec of the built-in text model (digests computed once per folder and process). */
  public static ModelSpec builtinTextSpec(EmbedConfig config) {
    Path dir = config.modelsDir();
    return SPECS.computeIfAbsent("builtin:" + dir, k -> TextModelFiles.miniLm(dir));
  }

  /** The spec of the configured CLIP folder, recomputed when its files change. */
  public static ModelSpec clipSpec(EmbedConfig config) {
    Path dir = config.requireClipModelDir();
    String name = dir.getFileName().toString();
    return SPECS.computeIfAbsent("dir:" + dir + ":" + stamp(dir),
        k -> ModelSpec.fromDirectory(name, dir));
  }

  /** Names, sizes and modification times of a folder's files: cheap change detection. */
  private static String stamp(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().map(p -> {
        try {
          return p.getFileName() + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p);
        } catch (IOException e) {
          return p.getFileName() + ":?";
        }
      }).collect(Collectors.joining(","));
    } catch (IOException e) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          e, "Cannot list CLIP model directory %s (%s): %s", dir,
          EmbedConfig.CLIP_MODEL_DIR, e.getMessage());
    }
  }

  /** Closes and forgets every loaded model (tests, server shutdown). */
  public static void closeAll() {
    List<Embedder> all = new ArrayList<>(LOADED.values());
    LOADED.clear();
    all.forEach(Embedder::close);
  }

  /** How many models are loaded now. */
  public static int loadedCount() {
    return LOADED.size();
  }
}
