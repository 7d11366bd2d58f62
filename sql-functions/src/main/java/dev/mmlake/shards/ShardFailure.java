package dev.mmlake.shards;

import dev.mmlake.cas.BlobNotFoundException;
import dev.mmlake.cas.CorruptBlobException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

/**
 * A sample left out of a shard set: its blob could not be sized or opened. The SQL layer turns it
 * into an {@code obs.failures} row with stage {@code shards}.
 *
 * @param itemId the sample's item id
 * @param key its WebDataset key
 * @param shard the shard it was planned into, or -1 when sizing it failed before planning
 * @param errorType a stable code: {@code blob_not_found}, {@code corrupt_blob} or {@code blob_io}
 * @param message what went wrong, from the exception
 */
public record ShardFailure(String itemId, String key, int shard, String errorType,
    String message) {
  public ShardFailure {
    Objects.requireNonNull(itemId, "itemId is null");
    Objects.requireNonNull(key, "key is null");
    Objects.requireNonNull(errorType, "errorType is null");
  }

  static ShardFailure of(ShardSample sample, int shard, Exception e) {
    return new ShardFailure(sample.itemId(), sample.key(), shard, errorType(e),
        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  private static String errorType(Exception e) {
    if (e instanceof BlobNotFoundException
        || e instanceof NoSuchFileException) {
      return "blob_not_found";
    }
    if (e instanceof CorruptBlobException) {
      return "corrupt_blob";
    }
    return "blob_io";
  }
}
