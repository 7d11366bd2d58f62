package dev.mmlake.shards;

/**
 * One shard written: a row of {@code WRITE_SHARDS}' result and of {@code lake.shards}.
 *
 * @param index the shard number, 0-based
 * @param name the file name, {@code <prefix>-000000.tar}
 * @param samples samples in the shard (planned samples minus skipped ones)
 * @param skipped planned samples left out because their blob failed
 * @param bytes size of the tar file
 * @param sha256 hex sha256 of the tar file
 * @param firstKey key of the first sample, null for a shard whose samples were all skipped
 * @param lastKey key of the last sample, null likewise
 */
public record ShardResult(int index, String name, long samples, long skipped, long bytes,
    String sha256, String firstKey, String lastKey) {
}
