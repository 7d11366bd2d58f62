package dev.mmlake.evals;

import dev.mmlake.cas.Sha256;

/**
 * The held-out evaluation split: an item is in it when the first four bytes of
 * {@code sha256("mmlake-eval-split:" + id)}, as an unsigned number, fall in the lowest
 * {@value #PERCENT}% of their range. The choice depends only on the id, so it is the same in every
 * lakehouse, version and run, and an item never moves between splits.
 */
public final class EvalSplit {
  /** Share of items held out, in percent. */
  public static final int PERCENT = 10;
  private static final String SALT = "mmlake-eval-split:";

  private EvalSplit() {
  }

  /** Whether {@code id} is held out for evaluation. */
  public static boolean contains(String id) {
    String hex = Sha256.hex(SALT + id);
    long bucket = Long.parseLong(hex.substring(0, 8), 16);
    return bucket * 100 < (long) PERCENT << 32;
  }
}
