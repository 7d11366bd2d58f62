package dev.mmlake.dedup;

/**
 * The exact-dedup decision for one item.
 *
 * @param id item id
 * @param clusterId id of the item its group keeps (its own id when it is kept)
 * @param kept whether the item survives
 * @param groupSize number of items sharing its key (1 for a null key)
 */
public record ExactDecision(String id, String clusterId, boolean kept, int groupSize) {
}
