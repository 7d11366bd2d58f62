package dev.mmlake.loader;

import dev.mmlake.error.ErrorCode;

/**
 * What a loader run is. {@code seed}, {@code epoch}, {@code workers} and {@code shuffleBuffer}
 * fix the delivery order (see {@link ShardLoader}); {@code prefetch} and {@code decode} do not.
 *
 * <p>Memory: at most {@code workers * (P' + 2 * 16 + 1)} samples' bytes are held at once,
 * {@code P'} = {@code prefetch} rounded up to a multiple of 16: samples travel to the consumer in
 * chunks of 16 through a queue of {@code ceil(prefetch / 16)} chunks, plus the chunk being filled
 * and the one being emptied, plus the sample being read and decoded. Each worker's shuffle buffer
 * holds {@code shuffleBuffer} sample locations (about 100 bytes each, not the bytes), and each
 * worker has a 1 MiB read buffer and at most 16 open shard files.
 *
 * <p>Set per run by the {@code mmlake loader} flags {@code --workers}, {@code --shuffle-buffer}
 * and {@code --prefetch} (docs/loader.md); they are not lakehouse settings.
 */
public record LoaderConfig(long seed, long epoch, int workers, int shuffleBuffer, int prefetch,
    boolean decode) {
  public static final int DEFAULT_SHUFFLE_BUFFER = 1000;
  public static final int DEFAULT_PREFETCH = 64;

  public LoaderConfig {
    check(epoch >= 0, "epoch must be >= 0, got %s", epoch);
    check(workers >= 1 && workers <= 1024, "workers must be in 1..1024, got %s", workers);
    check(shuffleBuffer >= 1, "shuffle buffer must be >= 1, got %s", shuffleBuffer);
    check(prefetch >= 1, "prefetch must be >= 1, got %s", prefetch);
  }

  /** Decoding on, default buffer sizes. */
  public static LoaderConfig of(long seed, long epoch, int workers) {
    return new LoaderConfig(seed, epoch, workers, DEFAULT_SHUFFLE_BUFFER, DEFAULT_PREFETCH, true);
  }

  public LoaderConfig withShuffleBuffer(int n) {
    return new LoaderConfig(seed, epoch, workers, n, prefetch, decode);
  }

  public LoaderConfig withPrefetch(int n) {
    return new LoaderConfig(seed, epoch, workers, shuffleBuffer, n, decode);
  }

  /** The same run without decoding: samples carry raw members only. */
  public LoaderConfig withoutDecoding() {
    return new LoaderConfig(seed, epoch, workers, shuffleBuffer, prefetch, false);
  }

  private static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new LoaderException(ErrorCode.INVALID_ARGUMENT, format, args);
    }
  }
}
