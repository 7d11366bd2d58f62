package dev.mmlake.catalog;

import dev.mmlake.cas.Sha256;
import java.util.Objects;

/**
 * One file derived from an item, as recorded in {@code lake.assets}: a keyframe of a video, a
 * resized image, a feature file, or an item's member in a shard.
 *
 * @param itemId the parent item, or null when the transform only knows the parent's blob
 * @param parentHash sha256 hex of the parent blob, or null when only the item is known
 * @param kind one of {@link #KEYFRAME}, {@link #CLIP}, {@link #RESIZE}, {@link #FEATURES},
 *     {@link #SHARD_MEMBER}
 * @param assetHash sha256 hex of the asset's bytes, when known
 * @param assetUri where the asset is: a {@code cas://} URI, or {@code <file uri>#<member>}
 * @param ordinal position among the assets the transform made from this parent (0-based)
 * @param transform the SQL function or step that made it, e.g. {@code VIDEO_KEYFRAMES}
 * @param config the transform's settings as canonical JSON (sorted keys), e.g. {@code {"n":4}}
 */
public record DerivedAsset(String itemId, String parentHash, String kind, String assetHash,
    String assetUri, int ordinal, String transform, String config) {
  public static final String KEYFRAME = "keyframe";
  public static final String CLIP = "clip";
  public static final String RESIZE = "resize";
  public static final String FEATURES = "features";
  public static final String SHARD_MEMBER = "shard_member";

  public DerivedAsset {
    Check.argument(itemId != null || parentHash != null,
        "A derived asset needs its parent item id or the parent blob's hash");
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(assetUri, "assetUri is null");
    Objects.requireNonNull(transform, "transform is null");
    config = config == null ? "{}" : config;
  }

  /** The row key: one row per (kind, parent, asset uri), whichever run made it first. */
  public String assetId() {
    return Sha256.hex(kind + "\n" + (itemId == null ? "" : itemId) + "\n"
        + (parentHash == null ? "" : parentHash) + "\n" + assetUri);
  }

  /** sha256 hex of {@link #config()}: assets made with the same settings share it. */
  public String configHash() {
    return Sha256.hex(transform + "\n" + config);
  }
}
