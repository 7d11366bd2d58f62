package dev.mmlake.samples;

import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Real FLAC and mp4 files written through JavaCV's FFmpeg recorder. */
public final class SampleMedia {
  public static final int SAMPLE_RATE = 16_000;
  public static final int VIDEO_WIDTH = 160;
  public static final int VIDEO_HEIGHT = 120;
  public static final int FPS = 10;

  static {
    avutil.av_log_set_level(avutil.AV_LOG_QUIET);
  }

  private SampleMedia() {
  }

  /** Speech-like audio: a few harmonics under a syllable-rate envelope, plus light noise. */
  public static short[] voice(double seconds, long seed) {
    Random r = new Random(seed);
    int n = (int) Math.round(seconds * SAMPLE_RATE);
    double f0 = 90 + r.nextInt(160);
    double syllable = 3 + r.nextDouble() * 3;
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      double t = (double) i / SAMPLE_RATE;
      double env = Math.max(0, Math.sin(Math.PI * syllable * t));
      double v = Math.sin(2 * Math.PI * f0 * t) + 0.5 * Math.sin(4 * Math.PI * f0 * t)
          + 0.25 * Math.sin(6 * Math.PI * f0 * t);
      s[i] = (short) Math.round(9000 * env * v / 1.75 + 150 * r.nextGaussian());
    }
    return s;
  }

  /** Near-silence: noise around -60 dBFS. */
  public static short[] silence(double seconds, long seed) {
    Random r = new Random(seed);
    short[] s = new short[(int) Math.round(seconds * SAMPLE_RATE)];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) Math.round(20 * r.nextGaussian());
    }
    return s;
  }

  public static void flac(Path file, short[] samples) throws FrameRecorder.Exception {
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), 1)) {
      rec.setFormat("flac");
      rec.setAudioCodec(avcodec.AV_CODEC_ID_FLAC);
      rec.setSampleRate(SAMPLE_RATE);
      rec.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
      rec.start();
      rec.recordSamples(SAMPLE_RATE, 1, ShortBuffer.wrap(samples));
      rec.stop();
    }
  }

  /** An MPEG-4 Part 2 video of a moving disc over the scene of {@code seed}. */
  public static void mp4(Path file, long seed, int frames) throws FrameRecorder.Exception {
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), VIDEO_WIDTH,
        VIDEO_HEIGHT, 0);
         Java2DFrameConverter converter = new Java2DFrameConverter()) {
      rec.setFormat("mp4");
      rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      rec.setFrameRate(FPS);
      rec.setGopSize(FPS);
      rec.setVideoBitrate(400_000);
      rec.start();
      for (int t = 0; t < frames; t++) {
        rec.record(converter.convert(SampleImages.movingFrame(VIDEO_WIDTH, VIDEO_HEIGHT, seed, t,
            frames)));
      }
      rec.stop();
    }
  }

  /** An mp4 holding only an AAC audio track: a "video" without a video stream. */
  public static void audioOnlyMp4(Path file, short[] samples) throws FrameRecorder.Exception {
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), 0, 0, 1)) {
      rec.setFormat("mp4");
      rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
      rec.setSampleRate(SAMPLE_RATE);
      rec.start();
      rec.recordSamples(SAMPLE_RATE, 1, ShortBuffer.wrap(samples));
      rec.stop();
    }
  }
}
