package dev.mmlake.media;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Bounded video decoding through FFmpeg. The pixel, byte and duration caps are checked from the
 * header first. FFmpeg decodes a scrambled mp4 partially without an error, so {@link #validate}
 * decodes every frame and reports {@code truncated_video} when more than {@value #MISSING_SHARE}
 * of the declared frames are missing. Thread-safe; each call opens its own grabber.
 */
public final class VideoDecoder {
  /** Share of the declared frames that may be missing before a file counts as truncated. */
  static final double MISSING_SHARE = 0.1;

  private final MediaLimits limits;

  public VideoDecoder(MediaLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits is null");
  }

  /** Header facts only; checks the byte, pixel and duration caps. */
  public VideoInfo probe(Path file, String ref) {
    FFmpegFrameGrabber g = open(file, ref);
    try {
      return infoOf(g, ref);
    } finally {
      FfmpegFiles.closeQuietly(g);
    }
  }

  /** Decodes every frame and checks the count against the header: the ingest check. */
  public VideoInfo validate(Path file, String ref) {
    Deadline deadline = new Deadline(limits.decodeTimeout());
    FFmpegFrameGrabber g = open(file, ref);
    try {
      VideoInfo info = infoOf(g, ref);
      long cap = (long) Math.ceil(limits.maxDurationSeconds() * Math.max(1, info.fps())) + 1;
      long decoded = 0;
      while (grabImage(g, ref) != null) {
        deadline.check(ref);
        if (++decoded > cap) {
          throw new MediaDecodeException(FailureCodes.TOO_LONG, ref, "decodes to more than "
              + limits.maxDurationSeconds() + " s; raise " + MediaLimits.MAX_DURATION);
        }
      }
      if (decoded == 0) {
        throw new MediaDecodeException(FailureCodes.CORRUPT_VIDEO, ref, "no frame decodes");
      }
      if (info.frames() > 0 && decoded < info.frames() * (1 - MISSING_SHARE)) {
        throw new MediaDecodeException(FailureCodes.TRUNCATED_VIDEO, ref, "decoded " + decoded
            + " of the " + info.frames() + " frames the header declares");
      }
      return info;
    } finally {
      FfmpegFiles.closeQuietly(g);
    }
  }

  /**
   * {@code n} frames evenly spaced in time (the frame at or after the middle of each of n equal
   * slices), as independent images. Fewer come back only when the file ends early.
   */
  public List<BufferedImage> keyframes(Path file, int n, String ref) {
    if (n <= 0) {
      throw new IllegalArgumentException("keyframe count must be > 0, got " + n);
    }
    Deadline deadline = new Deadline(limits.decodeTimeout());
    FFmpegFrameGrabber g = open(file, ref);
    try (Java2DFrameConverter converter = new Java2DFrameConverter()) {
      VideoInfo info = infoOf(g, ref);
      long durationMicros = Math.round(info.durationSeconds() * 1e6);
      List<BufferedImage> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        deadline.check(ref);
        long target = (long) ((i + 0.5) * durationMicros / n);
        try {
          g.setTimestamp(target);
        } catch (FFmpegFrameGrabber.Exception e) {
          throw new MediaDecodeException(FailureCodes.CORRUPT_VIDEO, ref, "cannot seek to "
              + target + " us: " + e.getMessage(), e);
        }
        Frame f = grabImage(g, ref);
        if (f == null) {
          break;
        }
        // The converter reuses its image between calls: copy it out.
        out.add(Java2DFrameConverter.cloneBufferedImage(converter.convert(f)));
      }
      return out;
    } finally {
      FfmpegFiles.closeQuietly(g);
    }
  }

  private FFmpegFrameGrabber open(Path file, String ref) {
    FFmpegFrameGrabber g = FfmpegFiles.start(file, ref, limits, FailureCodes.CORRUPT_VIDEO,
        FailureCodes.CORRUPT_VIDEO);
    if (!g.hasVideo() || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
      FfmpegFiles.closeQuietly(g);
      throw new MediaDecodeException(FailureCodes.NO_VIDEO_STREAM, ref,
          "the file has no video stream");
    }
    return g;
  }

  private VideoInfo infoOf(FFmpegFrameGrabber g, String ref) {
    long pixels = (long) g.getImageWidth() * g.getImageHeight();
    if (pixels > limits.maxPixels()) {
      throw new MediaDecodeException(FailureCodes.TOO_MANY_PIXELS, ref, g.getImageWidth() + "x"
          + g.getImageHeight() + " frames are over " + MediaLimits.MAX_PIXELS + "="
          + limits.maxPixels());
    }
    double seconds = Math.max(0, g.getLengthInTime()) / 1e6;
    FfmpegFiles.checkDuration(seconds, ref, limits);
    return new VideoInfo(seconds, g.getVideoFrameRate(), g.getLengthInVideoFrames(),
        g.getImageWidth(), g.getImageHeight(), g.getVideoCodecName());
  }

  private static Frame grabImage(FFmpegFrameGrabber g, String ref) {
    try {
      return g.grabImage();
    } catch (FFmpegFrameGrabber.Exception e) {
      throw new MediaDecodeException(FailureCodes.TRUNCATED_VIDEO, ref,
          "the video stream breaks off: " + e.getMessage(), e);
    }
  }
}
