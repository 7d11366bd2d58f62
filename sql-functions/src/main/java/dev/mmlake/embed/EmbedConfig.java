package dev.mmlake.embed;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.error.ErrorCode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Settings of the model functions.
 *
 * <p>Each setting resolves, highest first, from a JVM system property, an environment variable,
 * the lakehouse properties, then a default:
 * <ul>
 *   <li>{@value #MODELS_DIR} ({@code -Dmmlake.models.dir}, {@code MMLAKE_MODELS_DIR}): where
 *       built-in model files are copied once; default {@code <lakehouse home>/models}, or
 *       {@code ~/.mmlake/models} without a lakehouse.
 *   <li>{@value #BATCH_SIZE} ({@code -Dmmlake.embed.batch-size}, {@code MMLAKE_EMBED_BATCH_SIZE}):
 *       most inputs per model invocation, default {@value #DEFAULT_BATCH_SIZE}.
 *   <li>{@value #DEVICE} ({@code -Dmmlake.embed.device}, {@code MMLAKE_EMBED_DEVICE}): {@code cpu}
 *       (default) or {@code gpu}.
 *   <li>{@value #CLIP_MODEL_DIR} ({@code -Dmmlake.clip.model-dir}, {@code MMLAKE_CLIP_MODEL_DIR}):
 *       the two-tower CLIP export {@code EMBED_CLIP} uses; unset means no CLIP model.
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

  private static final Map<String, String[]> SOURCES = Map.of(
      MODELS_DIR, new String[] {"mmlake.models.dir", "MMLAKE_MODELS_DIR"},
      BATCH_SIZE, new String[] {"mmlake.embed.batch-size", "MMLAKE_EMBED_BATCH_SIZE"},
      DEVICE, new String[] {"mmlake.embed.device", "MMLAKE_EMBED_DEVICE"},
      CLIP_MODEL_DIR, new String[] {"mmlake.clip.model-dir", "MMLAKE_CLIP_MODEL_DIR"},
      PREDICTORS, new String[] {"mmlake.embed.predictors", "MMLAKE_EMBED_PREDICTORS"});

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

  /** Settings for a lakehouse: its properties, overridden by the process environment. */
  public static EmbedConfig from(LakehouseConfig lakehouse) {
    return resolve(lakehouse.properties(), System.getenv(), System.getProperties(),
        lakehouse.home().resolve("models"));
  }

  /** Settings without a lakehouse: environment and system properties over the defaults. */
  public static EmbedConfig fromEnvironment() {
    return resolve(Map.of(), System.getenv(), System.getProperties(),
        Path.of(System.getProperty("user.home"), ".mmlake", "models"));
  }

  static EmbedConfig resolve(Map<String, String> props, Map<String, String> env,
      Properties sys, Path defaultModelsDir) {
    String models = value(MODELS_DIR, props, env, sys);
    String clip = value(CLIP_MODEL_DIR, props, env, sys);
    return new EmbedConfig(
        models == null ? defaultModelsDir : Path.of(models),
        intValue(BATCH_SIZE, value(BATCH_SIZE, props, env, sys), DEFAULT_BATCH_SIZE),
        EmbedDevice.parse(value(DEVICE, props, env, sys)),
        clip == null ? null : Path.of(clip),
        intValue(PREDICTORS, value(PREDICTORS, props, env, sys), 1));
  }

  private static String value(String key, Map<String, String> props, Map<String, String> env,
      Properties sys) {
    String[] names = SOURCES.get(key);
    String v = sys.getProperty(names[0]);
    if (isBlank(v)) {
      v = env.get(names[1]);
    }
    if (isBlank(v)) {
      v = props.get(key);
    }
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
          + "MMLAKE_CLIP_MODEL_DIR to a two-tower ONNX export (docs/models.md shows how to make "
          + "one)", CLIP_MODEL_DIR);
    }
    return clipModelDir;
  }
}
