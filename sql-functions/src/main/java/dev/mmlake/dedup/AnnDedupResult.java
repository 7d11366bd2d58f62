package dev.mmlake.dedup;

import java.util.List;

/**
 * Output of one {@link AnnDedup} run.
 *
 * @param rows one row per input vector, ordered by id
 * @param method how pairs were found, for the {@code method} column of {@code lake.dedup}, e.g.
 *     {@code brute_force} or {@code lsh_simhash(bits=16,tables=10,probes=1)}
 * @param threshold the cosine threshold used
 */
public record AnnDedupResult(List<AnnDedupRow> rows, String method, double threshold) {
  public AnnDedupResult {
    rows = List.copyOf(rows);
  }

  /** Items removed as near-duplicates. */
  public long removed() {
    return rows.stream().filter(r -> !r.kept()).count();
  }
}
