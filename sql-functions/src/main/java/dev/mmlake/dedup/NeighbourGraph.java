package dev.mmlake.dedup;

import java.util.Arrays;

/**
 * Union-find over positions plus each position's most similar neighbour (ties to the smaller
 * position, i.e. the smaller id). One instance per worker; {@link #mergeFrom} combines them in
 * any order with the same result. 12 bytes per vector.
 */
final class NeighbourGraph implements PairSink {
  private final int[] parent;
  private final int[] nearest;
  private final float[] nearestSim;
  private final PairSink observer;

  NeighbourGraph(int n) {
    this(n, null);
  }

  /** A graph that also reports every pair to {@code observer} (thread-safe, may be null). */
  NeighbourGraph(int n, PairSink observer) {
    this.observer = observer;
    parent = new int[n];
    Arrays.setAll(parent, i -> i);
    nearest = new int[n];
    Arrays.fill(nearest, -1);
    nearestSim = new float[n];
    Arrays.fill(nearestSim, Float.NEGATIVE_INFINITY);
  }

  @Override
  public void accept(int p, int q, float similarity) {
    union(p, q);
    if (observer != null) {
      observer.accept(p, q, similarity);
    }
    offer(p, q, similarity);
    offer(q, p, similarity);
  }

  /** Adds the other graph's edges and neighbours to this one. */
  void mergeFrom(NeighbourGraph other) {
    for (int i = 0; i < parent.length; i++) {
      if (other.parent[i] != i) {
        union(i, other.parent[i]);
      }
      if (other.nearest[i] >= 0) {
        offer(i, other.nearest[i], other.nearestSim[i]);
      }
    }
  }

  int find(int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  /** The most similar neighbour found, or -1. */
  int nearest(int p) {
    return nearest[p];
  }

  float nearestSimilarity(int p) {
    return nearestSim[p];
  }

  private void union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }

  private void offer(int p, int q, float s) {
    if (s > nearestSim[p] || (s == nearestSim[p] && q < nearest[p])) {
      nearestSim[p] = s;
      nearest[p] = q;
    }
  }
}
