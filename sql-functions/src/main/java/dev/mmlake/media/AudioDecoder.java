package dev.mmlake.media;

import java.io.ByteArrayInputStream;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Bounded audio decoding through FFmpeg. FFmpeg may decode a damaged file partially without an
 * error, so {@link #decode} compares the samples it got with the duration the header declares
 * and reports {@code truncated_audio} when more than {@value #MISSING_SHARE} of them are missing.
 * Thread-safe; each call opens its own grabber.
 */
public final class AudioDecoder {
  /** Share of the declared samples that may be missing before a file counts as truncated. */
  static final double MISSING_SHARE = 0.05;

  private final MediaLimits limits;

  public AudioDecoder(MediaLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits is null");
  }

  /** Header facts only; checks the byte and duration caps. */
  public AudioInfo probe(Path file, String ref) {
    FFmpegFrameGrabber g = open(file, ref);
    try {
      return infoOf(g, ref);
    } finally {
      FfmpegFiles.closeQuietly(g);
    }
  }

  /** Decodes every sample to mono floats and checks them against the header. */
  public DecodedAudio decode(Path file, String ref) {
    return decode(file, ref, true);
  }

  /**
   * Decodes fully (as {@link #decode}) and returns the header facts: the ingest check. Samples are
   * counted, not kept, so memory stays flat for long files.
   */
  public AudioInfo validate(Path file, String ref) {
    return decode(file, ref, false).info();
  }

  /**
   * Decodes an in-memory file (e.g. a shard member) to mono floats at {@code sampleRate} Hz,
   * down-mixed and resampled by FFmpeg ({@code libswresample}), under the same caps and checks as
   * {@link #decode(Path, String)}: over {@link MediaLimits#maxBytes} or
   * {@link MediaLimits#maxDurationSeconds} fails with {@code too_large} / {@code too_long}.
   */
  public DecodedAudio decode(byte[] bytes, String ref, int sampleRate) {
    Objects.requireNonNull(bytes, "bytes is null");
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate must be > 0: " + sampleRate);
    }
    if (bytes.length > limits.maxBytes()) {
      throw new MediaDecodeException(FailureCodes.TOO_LARGE, ref, bytes.length
          + " bytes is over " + MediaLimits.MAX_BYTES + "=" + limits.maxBytes());
    }
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(new ByteArrayInputStream(bytes));
    g.setSampleRate(sampleRate);
    g.setAudioChannels(1);
    FfmpegFiles.start(g, ref, FailureCodes.CORRUPT_AUDIO, FailureCodes.TRUNCATED_AUDIO);
    return decode(checkAudio(g, ref), ref, true);
  }

  private DecodedAudio decode(Path file, String ref, boolean keep) {
    return decode(open(file, ref), ref, keep);
  }

  /** Decodes from a started grabber, which it closes. */
  private DecodedAudio decode(FFmpegFrameGrabber g, String ref, boolean keep) {
    Deadline deadline = new Deadline(limits.decodeTimeout());
    try {
      AudioInfo info = infoOf(g, ref);
      g.setSampleFormat(avutil.AV_SAMPLE_FMT_FLT); // interleaved floats, resampled by FFmpeg
      int channels = Math.max(1, info.channels());
      long cap = (long) Math.ceil(limits.maxDurationSeconds() * info.sampleRate()) + 1;
      if (keep) {
        cap = Math.min(cap, Integer.MAX_VALUE - 8); // a Java array holds the samples
      }
      float[] mono = new float[keep ? (int) Math.min(Math.max(1024, expectedSamples(info)), cap)
          : 0];
      long n = 0;
      Frame f;
      while ((f = grab(g, ref)) != null) {
        deadline.check(ref);
        if (f.samples == null || f.samples.length == 0) {
          continue;
        }
        FloatBuffer buf = (FloatBuffer) f.samples[0];
        int frames = ((Buffer) buf).remaining() / channels;
        if (n + (long) frames > cap) {
          throw new MediaDecodeException(FailureCodes.TOO_LONG, ref, "decodes to more than "
              + limits.maxDurationSeconds() + " s; raise " + MediaLimits.MAX_DURATION);
        }
        if (!keep) {
          n += frames;
          continue;
        }
        if (n + frames > mono.length) {
          mono = Arrays.copyOf(mono, (int) Math.min(cap, Math.max(n + frames, mono.length * 2L)));
        }
        int at = (int) n;
        int pos = buf.position();
        for (int i = 0; i < frames; i++) {
          float sum = 0;
          for (int c = 0; c < channels; c++) {
            sum += buf.get(pos + i * channels + c);
          }
          mono[at + i] = sum / channels;
        }
        n += frames;
      }
      long expected = expectedSamples(info);
      if (expected > 0 && n < expected * (1 - MISSING_SHARE)) {
        throw new MediaDecodeException(FailureCodes.TRUNCATED_AUDIO, ref, String.format(
            "decoded %.2f s of the %.2f s the header declares", (double) n / info.sampleRate(),
            info.durationSeconds()));
      }
      if (n == 0) {
        throw new MediaDecodeException(FailureCodes.CORRUPT_AUDIO, ref, "no sample decodes");
      }
      return new DecodedAudio(keep ? Arrays.copyOf(mono, (int) n) : mono, info.sampleRate(), info);
    } finally {
      FfmpegFiles.closeQuietly(g);
    }
  }

  private FFmpegFrameGrabber open(Path file, String ref) {
    FFmpegFrameGrabber g = FfmpegFiles.start(file, ref, limits, FailureCodes.CORRUPT_AUDIO,
        FailureCodes.TRUNCATED_AUDIO);
    return checkAudio(g, ref);
  }

  private static FFmpegFrameGrabber checkAudio(FFmpegFrameGrabber g, String ref) {
    if (!g.hasAudio() || g.getSampleRate() <= 0) {
      FfmpegFiles.closeQuietly(g);
      throw new MediaDecodeException(FailureCodes.NO_AUDIO_STREAM, ref,
          "the file has no audio stream");
    }
    return g;
  }

  private AudioInfo infoOf(FFmpegFrameGrabber g, String ref) {
    double seconds = Math.max(0, g.getLengthInTime()) / 1e6;
    FfmpegFiles.checkDuration(seconds, ref, limits);
    return new AudioInfo(seconds, g.getSampleRate(), g.getAudioChannels(), g.getAudioCodecName());
  }

  private static long expectedSamples(AudioInfo info) {
    return Math.round(info.durationSeconds() * info.sampleRate());
  }

  private static Frame grab(FFmpegFrameGrabber g, String ref) {
    try {
      return g.grabSamples();
    } catch (FFmpegFrameGrabber.Exception e) {
      throw new MediaDecodeException(FailureCodes.TRUNCATED_AUDIO, ref,
          "the audio stream breaks off: " + e.getMessage(), e);
    }
  }
}
