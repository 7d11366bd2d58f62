package dev.mmlake.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Opening FFmpeg grabbers on local files, with size caps and failure codes. */
final class FfmpegFiles {
  /** FFmpeg's AVERROR_EOF: the demuxer ran out of bytes while reading the header. */
  private static final String AVERROR_EOF = String.valueOf(avutil.AVERROR_EOF);

  static {
    // Failures are reported as typed exceptions; FFmpeg's own log lines would only be noise.
    avutil.av_log_set_level(avutil.AV_LOG_QUIET);
  }

  private FfmpegFiles() {
  }

  /** Checks that {@code file} exists, is readable and is within the byte cap. */
  static long checkFile(Path file, String ref, MediaLimits limits) {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new MediaDecodeException(FailureCodes.MISSING_FILE, ref, "file not found: " + file);
    } catch (IOException e) {
      throw new MediaDecodeException(FailureCodes.IO_ERROR, ref, "cannot read: " + e.getMessage(),
          e);
    }
    if (size > limits.maxBytes()) {
      throw new MediaDecodeException(FailureCodes.TOO_LARGE, ref, size + " bytes is over "
          + MediaLimits.MAX_BYTES + "=" + limits.maxBytes());
    }
    return size;
  }

  /**
   * Starts a grabber on {@code file}. A header that cannot be read becomes {@code truncatedCode}
   * when FFmpeg hit the end of the file, else {@code corruptCode}.
   */
  static FFmpegFrameGrabber start(Path file, String ref, MediaLimits limits, String corruptCode,
      String truncatedCode) {
    checkFile(file, ref, limits);
    return start(new FFmpegFrameGrabber(file.toFile()), ref, corruptCode, truncatedCode);
  }

  /** Starts a configured grabber (a file or a stream), mapping a failure as above. */
  static FFmpegFrameGrabber start(FFmpegFrameGrabber g, String ref, String corruptCode,
      String truncatedCode) {
    try {
      g.start();
      return g;
    } catch (FFmpegFrameGrabber.Exception e) {
      closeQuietly(g);
      String msg = String.valueOf(e.getMessage());
      String code = msg.contains("error " + AVERROR_EOF) ? truncatedCode : corruptCode;
      throw new MediaDecodeException(code, ref, "FFmpeg cannot read the file's header ("
          + firstLine(msg) + ")", e);
    }
  }

  static void checkDuration(double seconds, String ref, MediaLimits limits) {
    if (seconds > limits.maxDurationSeconds()) {
      throw new MediaDecodeException(FailureCodes.TOO_LONG, ref, String.format(
          "%.1f s is over %s=%s", seconds, MediaLimits.MAX_DURATION, limits.maxDurationSeconds()));
    }
  }

  static void closeQuietly(FFmpegFrameGrabber g) {
    try {
      g.close();
    } catch (Exception ignored) {
      // releasing native resources of a grabber that already failed
    }
  }

  private static String firstLine(String s) {
    int dot = s.indexOf(". (");
    return dot > 0 ? s.substring(0, dot) : s;
  }
}
