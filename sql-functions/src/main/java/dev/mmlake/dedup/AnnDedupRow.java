package dev.mmlake.dedup;

/**
 * The decision for one input vector.
 *
 * @param id the input id
 * @param clusterId the id of the item its cluster keeps (its own id when it has no near-duplicate)
 * @param kept whether this item survives deduplication
 * @param nearestId the most similar other item at or above the threshold, or null when none
 * @param similarity cosine to {@code nearestId}, or null when none
 */
public record AnnDedupRow(String id, String clusterId, boolean kept, String nearestId,
    Double similarity) {
}
