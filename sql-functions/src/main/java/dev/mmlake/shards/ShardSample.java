package dev.mmlake.shards;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One sample of a shard set: the members written for one item, all under the item's
 * {@link ShardKey key}, in this order:
 * <ol>
 *   <li>{@code <key>.<ext>}: the media blob ({@code jpg}, {@code png}, {@code webp},
 *       {@code flac}, {@code mp4}, or {@code txt} for a text body kept in the content store),
 *       when {@code blob} is set;</li>
 *   <li>{@code <key>.txt}: {@code text} as UTF-8 (a caption or transcript), when set;</li>
 *   <li>{@code <key>.npy}: {@code embedding} as a float32 NumPy array, when set;</li>
 *   <li>{@code <key>.json}: {@code json} (keys sorted; {@code "id"} added as the item id when
 *       absent), always.</li>
 * </ol>
 *
 * @param itemId the item id (unique within a set); the shuffle sorts by it
 * @param modality text, image, audio or video (informational; the writer keeps it as given)
 * @param ext the blob member's extension, {@code [a-z0-9]{1,10}}, not {@code json} or
 *     {@code npy}; null exactly when {@code blob} is null
 * @param blob the media bytes, streamed when the shard is written; nullable
 * @param json per-sample metadata (lineage, license, captions); nullable means empty. Values are
 *     what Jackson serializes: strings, numbers, booleans, null, lists, maps
 * @param embedding the cached embedding, not copied (do not change it while writing); nullable
 * @param text a caption or text body for the {@code .txt} member; nullable. Must be null when
 *     {@code ext} is {@code txt}
 */
public record ShardSample(String itemId, String modality, String ext, BlobSource blob,
    Map<String, Object> json, float[] embedding, String text) {
  private static final Pattern EXT = Pattern.compile("[a-z0-9]{1,10}");

  public ShardSample {
    Objects.requireNonNull(itemId, "itemId is null");
    Objects.requireNonNull(modality, "modality is null");
    if ((ext == null) != (blob == null)) {
      throw new IllegalArgumentException(String.format(
          "Sample %s: ext and blob go together (ext=%s, blob %s)", itemId, ext,
          blob == null ? "missing" : "set"));
    }
    if (ext != null && (!EXT.matcher(ext).matches() || ext.equals("json") || ext.equals("npy"))) {
      throw new IllegalArgumentException(String.format(
          "Sample %s: blob extension '%s' must match [a-z0-9]{1,10} and not be json or npy",
          itemId, ext));
    }
    if ("txt".equals(ext) && text != null) {
      throw new IllegalArgumentException(String.format(
          "Sample %s: a txt blob and a text would both be %s.txt; pass one of them", itemId,
          ShardKey.of(itemId)));
    }
    json = json == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(json));
  }

  /** A sample with a media blob and its metadata. */
  public static ShardSample ofBlob(String itemId, String modality, String ext, BlobSource blob,
      Map<String, Object> json) {
    return new ShardSample(itemId, modality, ext, blob, json, null, null);
  }

  /** This sample with {@code embedding} as its {@code .npy} member. */
  public ShardSample withEmbedding(float[] vector) {
    return new ShardSample(itemId, modality, ext, blob, json, vector, text);
  }

  /** This sample with {@code caption} as its {@code .txt} member. */
  public ShardSample withText(String caption) {
    return new ShardSample(itemId, modality, ext, blob, json, embedding, caption);
  }

  /** The WebDataset key: {@link ShardKey#of} of the item id. */
  public String key() {
    return ShardKey.of(itemId);
  }
}
