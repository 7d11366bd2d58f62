package dev.mmlake.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The k nearest rows seen so far for one query: a bounded max-heap on (distance, id), so memory
 * is O(k) whatever the number of rows offered. Equal distances are ordered by id (see
 * {@link #ID_ORDER}), so the result never depends on the order rows arrive in.
 */
public final class TopK {
  /**
   * Order of ids among equal distances: numbers by value, otherwise by their text; a number sorts
   * before a text.
   */
  public static final Comparator<Object> ID_ORDER = TopK::compareIds;

  private final int k;
  private final float[] distances;
  private final Object[] ids;
  private int size;

  public TopK(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    this.k = k;
    this.distances = new float[k];
    this.ids = new Object[k];
  }

  /** Whether a row at {@code distance} could enter; a cheap test before {@link #offer}. */
  public boolean admits(float distance) {
    return size < k || distance <= distances[0];
  }

  /** Offers one row; keeps it when it is among the k nearest so far. */
  public void offer(float distance, Object id) {
    if (size < k) {
      distances[size] = distance;
      ids[size] = id;
      siftUp(size++);
      return;
    }
    if (worse(distance, id, distances[0], ids[0]) || sameKey(distance, id, 0)) {
      return;
    }
    distances[0] = distance;
    ids[0] = id;
    siftDown(0);
  }

  /** Offers every row held by {@code other} (merging two threads' heaps). */
  public void addAll(TopK other) {
    for (int i = 0; i < other.size; i++) {
      offer(other.distances[i], other.ids[i]);
    }
  }

  /** The rows kept, nearest first (rank 1 first). */
  public List<Hit> sorted() {
    List<Hit> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new Hit(ids[i], distances[i]));
    }
    out.sort((a, b) -> compare(a.distance(), a.id(), b.distance(), b.id()));
    return out;
  }

  /** A kept row: its id and distance. */
  public record Hit(Object id, float distance) {
  }

  /** Compares (distance, id) pairs: nearer first, then by {@link #ID_ORDER}. */
  public static int compare(float d1, Object id1, float d2, Object id2) {
    int c = Float.compare(d1, d2);
    return c != 0 ? c : compareIds(id1, id2);
  }

  private boolean sameKey(float distance, Object id, int i) {
    return Float.compare(distance, distances[i]) == 0 && compareIds(id, ids[i]) == 0;
  }

  /** True when (d1, id1) sorts after (d2, id2). */
  private static boolean worse(float d1, Object id1, float d2, Object id2) {
    return compare(d1, id1, d2, id2) > 0;
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!worse(distances[i], ids[i], distances[parent], ids[parent])) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int largest = i;
      if (l < size && worse(distances[l], ids[l], distances[largest], ids[largest])) {
        largest = l;
      }
      if (r < size && worse(distances[r], ids[r], distances[largest], ids[largest])) {
        largest = r;
      }
      if (largest == i) {
        return;
      }
      swap(i, largest);
      i = largest;
    }
  }

  private void swap(int a, int b) {
    float d = distances[a];
    distances[a] = distances[b];
    distances[b] = d;
    Object id = ids[a];
    ids[a] = ids[b];
    ids[b] = id;
  }

  private static int compareIds(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      if (x instanceof Long || x instanceof Integer) {
        if (y instanceof Long || y instanceof Integer) {
          return Long.compare(x.longValue(), y.longValue());
        }
      }
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Number) {
      return -1;
    }
    if (b instanceof Number) {
      return 1;
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }
}
