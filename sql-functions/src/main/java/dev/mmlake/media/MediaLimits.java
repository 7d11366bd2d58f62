package dev.mmlake.media;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.error.InvalidArgumentException;
import java.time.Duration;

/**
 * Caps that keep decoding bounded. Items over a cap become failures ({@link FailureCodes}), never
 * out-of-memory errors or hung statements. Set them in the lakehouse configuration under the keys
 * below; the defaults suit single-machine ingest of the public corpora.
 *
 * @param maxBytes largest media file accepted ({@value #MAX_BYTES})
 * @param maxPixels largest width x height of an image or video frame, checked from the header
 *     before any pixel is decoded ({@value #MAX_PIXELS})
 * @param maxDurationSeconds longest audio or video ({@value #MAX_DURATION})
 * @param decodeTimeout wall-clock budget to decode one item ({@value #DECODE_TIMEOUT})
 * @param maxTextBytes largest text item in UTF-8 bytes ({@value #MAX_TEXT_BYTES})
 */
public record MediaLimits(long maxBytes, long maxPixels, double maxDurationSeconds,
    Duration decodeTimeout, long maxTextBytes) {
  public static final String MAX_BYTES = "media.max-bytes";
  public static final String MAX_PIXELS = "media.max-pixels";
  public static final String MAX_DURATION = "media.max-duration-s";
  public static final String DECODE_TIMEOUT = "media.decode-timeout-ms";
  public static final String MAX_TEXT_BYTES = "ingest.max-text-bytes";

  /** 1 GiB files, 40 megapixels, 1 hour, 120 s per item, 16 MiB texts. */
  public static final MediaLimits DEFAULTS = new MediaLimits(1L << 30, 40_000_000L, 3600.0,
      Duration.ofSeconds(120), 16L << 20);

  public MediaLimits {
    InvalidArgumentException.check(maxBytes > 0, "%s must be > 0: %s", MAX_BYTES, maxBytes);
    InvalidArgumentException.check(maxPixels > 0, "%s must be > 0: %s", MAX_PIXELS, maxPixels);
    InvalidArgumentException.check(maxDurationSeconds > 0, "%s must be > 0: %s", MAX_DURATION,
        maxDurationSeconds);
    InvalidArgumentException.check(
        decodeTimeout != null && !decodeTimeout.isNegative() && !decodeTimeout.isZero(),
        "%s must be > 0: %s", DECODE_TIMEOUT, decodeTimeout);
    InvalidArgumentException.check(maxTextBytes > 0, "%s must be > 0: %s", MAX_TEXT_BYTES,
        maxTextBytes);
  }

  /** The limits configured for a lakehouse, defaults where a key is absent. */
  public static MediaLimits from(LakehouseConfig config) {
    return new MediaLimits(
        longKey(config, MAX_BYTES, DEFAULTS.maxBytes),
        longKey(config, MAX_PIXELS, DEFAULTS.maxPixels),
        Double.parseDouble(config.get(MAX_DURATION, String.valueOf(DEFAULTS.maxDurationSeconds))),
        Duration.ofMillis(longKey(config, DECODE_TIMEOUT, DEFAULTS.decodeTimeout.toMillis())),
        longKey(config, MAX_TEXT_BYTES, DEFAULTS.maxTextBytes));
  }

  public MediaLimits withMaxPixels(long pixels) {
    return new MediaLimits(maxBytes, pixels, maxDurationSeconds, decodeTimeout, maxTextBytes);
  }

  public MediaLimits withMaxBytes(long bytes) {
    return new MediaLimits(bytes, maxPixels, maxDurationSeconds, decodeTimeout, maxTextBytes);
  }

  public MediaLimits withMaxDurationSeconds(double seconds) {
    return new MediaLimits(maxBytes, maxPixels, seconds, decodeTimeout, maxTextBytes);
  }

  public MediaLimits withDecodeTimeout(Duration timeout) {
    return new MediaLimits(maxBytes, maxPixels, maxDurationSeconds, timeout, maxTextBytes);
  }

  private static long longKey(LakehouseConfig config, String key, long fallback) {
    String v = config.get(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(e, "%s must be a whole number, got '%s'", key, v);
    }
  }
}
