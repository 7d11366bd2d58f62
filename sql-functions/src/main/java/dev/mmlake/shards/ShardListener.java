package dev.mmlake.shards;

/**
 * Hears about a shard set while it is written, for progress bars and {@code obs.failures} rows.
 * Both methods are called on the thread that called {@link ShardSetWriter#write}, in shard order
 * (failures found while planning come first, with shard -1), so an implementation need not be
 * thread-safe and sees the same sequence for any thread count.
 */
public interface ShardListener {
  /** A listener that ignores everything. */
  ShardListener NONE = new ShardListener() {
  };

  /** A sample was skipped: its blob could not be sized or opened. */
  default void failure(ShardFailure failure) {
  }

  /** A shard is complete and in place under its final name. */
  default void shardWritten(ShardResult shard, int shardsPlanned) {
  }

  /**
   * A sample is in {@code shard} under {@code key}; called after {@link #shardWritten} for each
   * sample the shard holds, in the shard's order.
   */
  default void memberWritten(ShardResult shard, String itemId, String key) {
  }
}
