package dev.mmlake.transforms;

import java.util.Locale;

/**
 * When a transform runs: {@link #PRECOMPUTE} once, by a SQL function whose output is stored in the
 * lakehouse; {@link #LIVE} in the training loader, on every read, with a per-sample seed.
 */
public enum TransformKind {
  PRECOMPUTE, LIVE;

  /** The value stored in {@code lake.transforms.kind}: {@code precompute} or {@code live}. */
  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
