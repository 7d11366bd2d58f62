package dev.mmlake.embed;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.error.ErrorCode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the model functions. Each resolves like every mmlake setting (see
 * {@link dev.mmlake.catalog.Settings}): flag, {@code MMLAKE_<KEY>}, {@code mmlake.properties},
 * default.
 * <ul>
 *   <li>{@value #MODELS_DIR} ({@code MMLAKE_EMBED_MODELS_DIR}): where built-in model files are
 *       copied once; default {@code <lakehouse home>/models}, or {@code ~/.mmlake/models} without
 *       a lakehouse.
 *   <li>{@value #BATCH_SIZE} ({@code MMLAKE_EMBED_BATCH_SIZE}): most inputs per model invocation,
 *       default {@value #DEFAULT_BATCH_SIZE}.
 *   <li>{@value #DEVICE} ({@code MMLAKE_EMBED_DEVICE}): {@code cpu} (default) or {@code gpu}.
 *   <li>{@value #CLIP_MODEL_DIR} ({@code MMLAKE_EMBED_CLIP_MODEL_DIR}): the two-tower CLIP export
 *       {@code EMBED_CLIP} uses; unset means no CLIP model.
 *   <li>{@value #PREDICTORS} ({@code MMLAKE_EMBED_PREDICTORS}): concurrent predictors per loaded
 *       model, default 1 (ONNX Runtime already uses every core inside one call).
 * </ul>
 */
public record EmbedConfig(Path modelsDir, int batchSize, EmbedDevice device, Path clipModelDir,
    int predictors) {
  public static final String MODELS_DIR = "embed.models-dir";
  public static final String BATCH_SIZE = "embed.batch-size";
  public static final String DEVICE = "embed.device";
  public static final String CLIP_MODEL_DIR = "embed.clip.model-dir";
  public static final String PREDICTORS = "embed.predictors";
  public static final int DEFAULT_BATCH_SIZE = 32;

  public EmbedConfig {
    Objects.requireNonNull(modelsDir, "modelsDir is null");
    Objects.requireNonNull(device, "device is null");
    if (batchSize < 1) {
      throw new EmbedException(ErrorCode.INVALID_ARGUMENT,
          "%s must be at least 1, got %d", BATCH_SIZE, batchSize);
    }
    if (predictors < 1) {
      throw new EmbedException(ErrorCode.INVALID_ARGUMENT,
          "%s must be at least 1, got %d", PREDICTORS, predictors);
    }
    modelsDir = modelsDir.toAbsolutePath().normalize();
    clipModelDir = clipModelDir == null ? null : clipModelDir.toAbsolutePath().normalize();
  }

  /** Settings for a lakehouse: its resolved settings (flags, environment, file, defaults). */
  public static EmbedConfig from(LakehouseConfig lakehouse) {
    return resolve(lakehouse.properties(), lakehouse.home().resolve("models"));
  }

  /** Settings without a lakehouse: the {@code MMLAKE_*} environment over the defaults. */
  public static EmbedConfig fromEnvironment() {
    return resolve(LakehouseConfig.fromEnvironment(System.getenv()),
        Path.of(System.getProperty("user.home"), ".mmlake", "models"));
  }

  static EmbedConfig resolve(Map<String, String> props, Path defaultModelsDir) {
    String models = value(MODELS_DIR, props);
    String clip = value(CLIP_MODEL_DIR, props);
    return new EmbedConfig(
        models == null ? defaultModelsDir : Path.of(models),
        intValue(BATCH_SIZE, value(BATCH_SIZE, props), DEFAULT_BATCH_SIZE),
        EmbedDevice.parse(value(DEVICE, props)),
        clip == null ? null : Path.of(clip),
        intValue(PREDICTORS, value(PREDICTORS, props), 1));
  }

  private static String value(String key, Map<String, String> props) {
    String v = props.get(key);
    return isBlank(v) ? null : v.trim();
  }

  private static boolean isBlank(String v) {
    return v == null || v.isBlank();
  }

  private static int intValue(String key, String v, int fallback) {
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new EmbedException(ErrorCode.INVALID_ARGUMENT,
          "%s must be an integer, got '%s'", key, v);
    }
  }

  public EmbedConfig withBatchSize(int size) {
    return new EmbedConfig(modelsDir, size, device, clipModelDir, predictors);
  }

  public EmbedConfig withDevice(EmbedDevice d) {
    return new EmbedConfig(modelsDir, batchSize, d, clipModelDir, predictors);
  }

  public EmbedConfig withClipModelDir(Path dir) {
    return new EmbedConfig(modelsDir, batchSize, device, dir, predictors);
  }

  public EmbedConfig withPredictors(int n) {
    return new EmbedConfig(modelsDir, batchSize, device, clipModelDir, n);
  }

  public EmbedConfig withModelsDir(Path dir) {
    return new EmbedConfig(dir, batchSize, device, clipModelDir, predictors);
  }

  /** The configured CLIP directory, or an error saying how to configure one. */
  public Path requireClipModelDir() {
    if (clipModelDir == null) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "No CLIP model is configured: set %s in mmlake.properties or "
          + "MMLAKE_EMBED_CLIP_MODEL_DIR to a two-tower ONNX export (docs/models.md shows how to make "
          + "one)", CLIP_MODEL_DIR);
    }
    return clipModelDir;
  }
}
