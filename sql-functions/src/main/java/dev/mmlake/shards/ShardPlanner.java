package dev.mmlake.shards;

import dev.mmlake.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cuts samples into shards: shuffles them ({@link ShardShuffle}), sizes each (a sample whose blob
 * cannot be sized is reported and dropped; the others keep their order), then fills shards in
 * order, closing one when it holds {@code max_samples} samples or when the next sample would make
 * its tar file larger than {@code max_mb} (a shard always takes at least one sample).
 */
final class ShardPlanner {
  private ShardPlanner() {
  }

  static List<ShardPlan> plan(List<ShardSample> samples, ShardOptions options,
      Consumer<ShardFailure> failures) {
    checkUnique(samples);
    List<ShardSample> order = ShardShuffle.shuffle(samples, ShardSample::itemId, options.seed());
    List<ShardPlan> plans = new ArrayList<>();
    List<ShardPlan.Planned> current = new ArrayList<>();
    long currentBytes = 0;
    for (ShardSample s : order) {
      String key = s.key();
      long blobSize = 0;
      if (s.blob() != null) {
        try {
          blobSize = s.blob().size();
        } catch (Exception e) {
          failures.accept(ShardFailure.of(s, -1, e));
          continue;
        }
      }
      List<SampleMembers.Member> members = SampleMembers.of(s, key, blobSize);
      long tarBytes = SampleMembers.tarBytes(members);
      boolean full = current.size() >= options.maxSamples()
          || SampleMembers.shardBytes(currentBytes + tarBytes) > options.maxBytes();
      if (!current.isEmpty() && full) {
        plans.add(close(plans.size(), options, current, currentBytes));
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(new ShardPlan.Planned(s, key, blobSize, tarBytes, List.copyOf(members)));
      currentBytes += tarBytes;
    }
    if (!current.isEmpty()) {
      plans.add(close(plans.size(), options, current, currentBytes));
    }
    return plans;
  }

  private static ShardPlan close(int index, ShardOptions options, List<ShardPlan.Planned> samples,
      long memberBytes) {
    return new ShardPlan(index, ShardPlan.name(options.prefix(), index), List.copyOf(samples),
        SampleMembers.shardBytes(memberBytes));
  }

  /** Item ids and their keys must both be unique: a duplicate would make two samples one. */
  private static void checkUnique(List<ShardSample> samples) {
    Map<String, String> idByKey = new HashMap<>(samples.size() * 2);
    for (ShardSample s : samples) {
      String other = idByKey.putIfAbsent(s.key(), s.itemId());
      if (other != null) {
        if (other.equals(s.itemId())) {
          throw new ShardException(ErrorCode.INVALID_ARGUMENT,
              "Item %s appears twice in the shard set; a dataset version has "
              + "each item once, so check the query for a fanning-out JOIN", s.itemId());
        }
        throw new ShardException(ErrorCode.INVALID_ARGUMENT,
            "Items '%s' and '%s' both map to the sample key %s; rename one "
            + "of them (see ShardKey for the key rules)", other, s.itemId(), s.key());
      }
    }
  }
}
