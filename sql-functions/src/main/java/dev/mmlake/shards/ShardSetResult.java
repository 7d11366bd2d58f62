package dev.mmlake.shards;

import java.nio.file.Path;
import java.util.List;

/**
 * A complete shard set: every shard in place and the index written.
 *
 * @param optionsHash {@link ShardOptions#optionsHash()} of the options used
 * @param shards the shards, by index
 * @param failures the samples skipped, in the order the listener heard them
 * @param index the {@code <prefix>-index.json} file
 */
public record ShardSetResult(String optionsHash, List<ShardResult> shards,
    List<ShardFailure> failures, Path index) {
  public ShardSetResult {
    shards = List.copyOf(shards);
    failures = List.copyOf(failures);
  }

  /** Samples written, over all shards. */
  public long samples() {
    return shards.stream().mapToLong(ShardResult::samples).sum();
  }

  /** Bytes written, over all shards (the index not included). */
  public long bytes() {
    return shards.stream().mapToLong(ShardResult::bytes).sum();
  }

  /**
   * The largest shard's size over the mean shard size: 1.0 when all shards are equal, larger as
   * they get uneven; 0 for an empty set. The last shard is usually the smallest.
   */
  public double sizeSkew() {
    if (shards.isEmpty()) {
      return 0;
    }
    long max = shards.stream().mapToLong(ShardResult::bytes).max().orElse(0);
    double mean = (double) bytes() / shards.size();
    return mean == 0 ? 0 : max / mean;
  }
}
