package dev.mmlake.media;

import java.util.Set;

/**
 * The stable {@code error_type} codes that decoders and connectors record in {@code obs.failures}.
 * Clients may act on them; never rename one, add new ones instead.
 */
public final class FailureCodes {
  /** A file named by the source's index (JSON, transcript) does not exist. */
  public static final String MISSING_FILE = "missing_file";
  /** The file exists but could not be read (permissions, I/O error). Retryable. */
  public static final String IO_ERROR = "io_error";
  /** A file over {@code media.max-bytes}, or a text over {@code ingest.max-text-bytes}. */
  public static final String TOO_LARGE = "too_large";
  /** An image or video frame over {@code media.max-pixels}, read from the header. */
  public static final String TOO_MANY_PIXELS = "too_many_pixels";
  /** The audio or video lasts longer than {@code media.max-duration-s}. */
  public static final String TOO_LONG = "too_long";
  /** Decoding took longer than {@code media.decode-timeout-ms}. Retryable. */
  public static final String DECODE_TIMEOUT = "decode_timeout";
  public static final String CORRUPT_JPEG = "corrupt_jpeg";
  public static final String CORRUPT_IMAGE = "corrupt_image";
  public static final String UNSUPPORTED_IMAGE_FORMAT = "unsupported_image_format";
  public static final String CORRUPT_AUDIO = "corrupt_audio";
  /** Fewer samples decode than the header declares, or the stream ends early. */
  public static final String TRUNCATED_AUDIO = "truncated_audio";
  public static final String NO_AUDIO_STREAM = "no_audio_stream";
  public static final String CORRUPT_VIDEO = "corrupt_video";
  /** Fewer frames decode than the header declares (a cut or scrambled file). */
  public static final String TRUNCATED_VIDEO = "truncated_video";
  public static final String NO_VIDEO_STREAM = "no_video_stream";
  public static final String INVALID_UTF8 = "invalid_utf8";
  /** A record of the source's index is malformed (e.g. a transcript line without an id). */
  public static final String INVALID_RECORD = "invalid_record";

  private static final Set<String> RETRYABLE = Set.of(IO_ERROR, DECODE_TIMEOUT);

  private FailureCodes() {
  }

  /** Whether retrying the same input may succeed. */
  public static boolean retryable(String code) {
    return RETRYABLE.contains(code);
  }
}
