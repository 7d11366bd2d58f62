package dev.mmlake.embed;

import java.util.List;

/**
 * Token ids of several texts padded to one length, with the attention mask (1 = real token,
 * 0 = padding): the input of one text-model invocation.
 */
public record TokenBatch(long[][] ids, long[][] mask) {

  /** Right-pads each id row to the longest with {@code padId} and mask 0. */
  public static TokenBatch pad(List<long[]> rows, long padId) {
    int len = 0;
    for (long[] r : rows) {
      len = Math.max(len, r.length);
    }
    long[][] ids = new long[rows.size()][len];
    long[][] mask = new long[rows.size()][len];
    for (int i = 0; i < rows.size(); i++) {
      long[] r = rows.get(i);
      System.arraycopy(r, 0, ids[i], 0, r.length);
      for (int t = 0; t < len; t++) {
        if (t >= r.length) {
          ids[i][t] = padId;
        } else {
          mask[i][t] = 1;
        }
      }
    }
    return new TokenBatch(ids, mask);
  }

  public int rows() {
    return ids.length;
  }

  public int length() {
    return ids.length == 0 ? 0 : ids[0].length;
  }

  long[] flatIds() {
    return flatten(ids);
  }

  long[] flatMask() {
    return flatten(mask);
  }

  private long[] flatten(long[][] a) {
    long[] out = new long[rows() * length()];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, out, i * length(), length());
    }
    return out;
  }
}
