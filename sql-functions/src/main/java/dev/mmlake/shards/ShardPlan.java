package dev.mmlake.shards;

import java.util.List;

/**
 * One shard as planned before anything is written: its number, file name and samples. Shard
 * boundaries are fixed here, so the bytes of every shard are known before the workers start and
 * do not depend on how many there are.
 *
 * @param index shard number, 0-based
 * @param name {@code <prefix>-000000.tar}
 * @param samples the samples in write order
 * @param bytes the planned tar size when no sample is skipped
 */
record ShardPlan(int index, String name, List<Planned> samples, long bytes) {
  /**
   * A sample with its key, the sizes measured while planning and its members (the inline ones,
   * {@code .json} included, serialized once here and written as they are).
   */
  record Planned(ShardSample sample, String key, long blobSize, long tarBytes,
      List<SampleMembers.Member> members) {
  }

  static String name(String prefix, int index) {
    return String.format("%s-%06d.tar", prefix, index);
  }
}
