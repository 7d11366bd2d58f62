package dev.mmlake.engine.iceberg;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.error.InvalidArgumentException;

/**
 * When a checkpointed INSERT (one fed by a source connector) commits: every
 * {@value #ITEMS} rows (default {@value #DEFAULT_ITEMS}) or {@value #SECONDS} seconds (default
 * {@value #DEFAULT_SECONDS}) since its last checkpoint, whichever comes first. Each key is read
 * from the lakehouse settings ({@code MMLAKE_INGEST_CHECKPOINT_ITEMS} or {@code mmlake.properties});
 * 0 disables that trigger.
 *
 * @param items rows per checkpoint, or 0 for no row limit
 * @param millis time per checkpoint in milliseconds, or 0 for no time limit
 */
public record IngestCheckpoints(long items, long millis) {
  public static final String ITEMS = "ingest.checkpoint-items";
  public static final String SECONDS = "ingest.checkpoint-seconds";
  public static final long DEFAULT_ITEMS = 10_000;
  public static final long DEFAULT_SECONDS = 60;

  /** Reads both keys from {@code config}. */
  public static IngestCheckpoints of(LakehouseConfig config) {
    long items = read(config, ITEMS, DEFAULT_ITEMS);
    long seconds = read(config, SECONDS, DEFAULT_SECONDS);
    return new IngestCheckpoints(items, seconds * 1000);
  }

  /** True when neither trigger is set: the INSERT commits once, at the end. */
  public boolean disabled() {
    return items == 0 && millis == 0;
  }

  /** True when a checkpoint is due after {@code rows} rows and {@code elapsedMillis}. */
  public boolean due(long rows, long elapsedMillis) {
    return rows > 0 && ((items > 0 && rows >= items) || (millis > 0 && elapsedMillis >= millis));
  }

  private static long read(LakehouseConfig config, String key, long fallback) {
    String v = config.get(key, String.valueOf(fallback));
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("%s must be a whole number >= 0, got '%s'", key, v);
    }
    if (n < 0) {
      throw new InvalidArgumentException("%s must be >= 0, got %d", key, n);
    }
    return n;
  }
}
