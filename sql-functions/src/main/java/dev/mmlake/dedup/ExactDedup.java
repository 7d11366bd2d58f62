package dev.mmlake.dedup;

import dev.mmlake.error.InvalidArgumentException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exact deduplication: items with equal keys form a group, and each group keeps one item by
 * {@link #PREFERENCE}: highest quality (null or NaN lowest), then earliest {@code ingestedAt}
 * (null last), then smallest id. Pure and deterministic: the input order does not matter.
 */
public final class ExactDedup {
  /** {@code method} value for groups on {@code content_hash}. */
  public static final String METHOD_CONTENT_HASH = "exact_content_hash";
  /** {@code method} value for groups on {@link TextNormalizer#key normalized text}. */
  public static final String METHOD_TEXT = "exact_text";

  /** Best item first. */
  public static final Comparator<ExactCandidate> PREFERENCE = Comparator
      .comparingDouble((ExactCandidate c) -> rank(c.quality())).reversed()
      .thenComparing(ExactCandidate::ingestedAt, Comparator.nullsLast(Comparator
          .<Instant>naturalOrder()))
      .thenComparing(ExactCandidate::id);

  private ExactDedup() {
  }

  /** One decision per item, ordered by id. Ids must be unique. */
  public static List<ExactDecision> run(List<ExactCandidate> items) {
    Set<String> ids = new HashSet<>();
    Map<String, List<ExactCandidate>> groups = new HashMap<>();
    for (ExactCandidate c : items) {
      if (!ids.add(c.id())) {
        throw new InvalidArgumentException("Id " + c.id() + " appears twice; ids must be unique");
      }
      if (c.key() != null) {
        groups.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
      }
    }
    Map<String, String> keptByKey = new HashMap<>();
    groups.forEach((key, members) -> keptByKey.put(key, members.stream().min(PREFERENCE)
        .orElseThrow().id()));
    List<ExactDecision> out = new ArrayList<>(items.size());
    for (ExactCandidate c : items) {
      if (c.key() == null) {
        out.add(new ExactDecision(c.id(), c.id(), true, 1));
      } else {
        String kept = keptByKey.get(c.key());
        out.add(new ExactDecision(c.id(), kept, kept.equals(c.id()),
            groups.get(c.key()).size()));
      }
    }
    out.sort(Comparator.comparing(ExactDecision::id));
    return out;
  }

  private static double rank(Double quality) {
    return quality == null || quality.isNaN() ? Double.NEGATIVE_INFINITY : quality;
  }
}
