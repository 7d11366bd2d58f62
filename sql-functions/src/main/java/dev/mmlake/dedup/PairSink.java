package dev.mmlake.dedup;

/**
 * Receives candidate pairs whose cosine reached the threshold. Positions are {@link VectorSet}
 * positions with {@code p < q}. One sink per worker thread; a pair may arrive more than once.
 */
interface PairSink {
  void accept(int p, int q, float similarity);
}
