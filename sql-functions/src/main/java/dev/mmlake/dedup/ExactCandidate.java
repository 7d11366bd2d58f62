package dev.mmlake.dedup;

import java.time.Instant;
import java.util.Objects;

/**
 * One item offered to {@link ExactDedup}.
 *
 * @param id item id (unique)
 * @param key the grouping key: {@code content_hash}, or {@link TextNormalizer#key} for text; an
 *     item with a null key is never a duplicate
 * @param quality quality score (higher is better), or null (ranks lowest)
 * @param ingestedAt ingestion time, or null (ranks last)
 */
public record ExactCandidate(String id, String key, Double quality, Instant ingestedAt) {
  public ExactCandidate {
    Objects.requireNonNull(id, "id is null");
  }
}
