package dev.mmlake.engine.shards;

import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.embed.ModelRegistry;
import dev.mmlake.embed.ModelSpec;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The cached vectors of one model version in {@code lake.embeddings}, for the {@code .npy}
 * members of a shard set. Nothing is computed: an item without a cached vector gets no
 * {@code .npy}.
 *
 * <p>The {@code embeddings} option names the model: {@code clip} (the one registered text+image
 * model), {@code text} (the one registered text model), a model name (its latest registered
 * version) or {@code name@version}. An item's vector is looked up under the key the
 * {@code EMBED_*} function caches it under: for a text+image model the item's
 * {@code content_hash} for images and videos and sha256 of {@code text} for texts; for a text
 * model sha256 of {@code text} (an image's caption, a text's body).
 */
final class CachedVectors {
  private final ModelSpec model;
  private final Map<String, float[]> vectors;

  private CachedVectors(ModelSpec model, Map<String, float[]> vectors) {
    this.model = model;
    this.vectors = vectors;
  }

  /** The model named by {@code option}, as registered in {@code lake.models}. */
  static ModelSpec resolve(Lakehouse lakehouse, String option) {
    ModelRegistry registry = new ModelRegistry(lakehouse);
    String modality = switch (option) {
      case "clip" -> ModelSpec.TEXT_IMAGE;
      case "text" -> ModelSpec.TEXT;
      default -> null;
    };
    if (modality == null) {
      int at = option.indexOf('@');
      return at < 0 ? registry.require(option, null)
          : registry.require(option.substring(0, at), option.substring(at + 1));
    }
    Set<String> names = new TreeSet<>();
    for (ModelSpec m : registry.list()) {
      if (m.modality().equals(modality)) {
        names.add(m.name());
      }
    }
    if (names.size() != 1) {
      throw new MmlakeException(names.isEmpty() ? ErrorCode.NOT_FOUND : ErrorCode.INVALID_ARGUMENT,
          "WRITE_SHARDS option embeddings is '%s', but %s; name the model, e.g. "
          + "\"embeddings\": \"<model>\" or \"<model>@<version>\" (see SELECT * FROM lake.models)",
          option, names.isEmpty() ? "no " + modality + " model is registered (run EMBED_"
              + (option.equals("clip") ? "CLIP" : "TEXT") + " or `mmlake embed --model " + option
              + "` first)" : "several " + modality + " models are registered: " + names);
    }
    return registry.require(names.iterator().next(), null);
  }

  /** Loads the cached vectors of {@code model} for {@code keys}. */
  static CachedVectors load(Lakehouse lakehouse, ModelSpec model, Set<String> keys) {
    Map<String, float[]> out = new HashMap<>();
    Table table = lakehouse.table(LakeTables.EMBEDDINGS);
    if (table.currentSnapshot() != null && !keys.isEmpty()) {
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table)
          .select("content_hash", "vector")
          .where(Expressions.and(Expressions.equal("model", model.name()),
              Expressions.equal("model_version", model.version())))
          .build()) {
        for (Record r : rows) {
          String key = (String) r.getField("content_hash");
          if (keys.contains(key) && !out.containsKey(key)) {
            List<?> l = (List<?>) r.getField("vector");
            float[] v = new float[l.size()];
            for (int i = 0; i < v.length; i++) {
              v[i] = ((Number) l.get(i)).floatValue();
            }
            out.put(key, v);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + LakeTables.EMBEDDINGS, e);
      }
    }
    return new CachedVectors(model, out);
  }

  /**
   * The cache key of an item's vector for {@code model}, or null when the model does not embed
   * it (an audio item for CLIP, an item without text for a text model).
   */
  static String keyOf(ModelSpec model, String modality, String contentHash, String text) {
    boolean media = "image".equals(modality) || "video".equals(modality);
    if (ModelSpec.TEXT_IMAGE.equals(model.modality()) && media) {
      return contentHash;
    }
    if ("text".equals(modality) || !ModelSpec.TEXT_IMAGE.equals(model.modality())) {
      return text == null ? null : Sha256.hex(text);
    }
    return null;
  }

  ModelSpec model() {
    return model;
  }

  /** The cached vector under {@code key}, or null. */
  float[] get(String key) {
    return key == null ? null : vectors.get(key);
  }
}
