package dev.mmlake.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mmlake.samples.SampleMedia;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audio and video decoding on files written by FFmpeg in the test. */
class AvDecoderTest {
  @TempDir static Path dir;
  static Path voice;
  static Path silent;
  static Path video;
  static Path audioOnly;

  private final AudioDecoder audio = new AudioDecoder(MediaLimits.DEFAULTS);
  private final VideoDecoder videos = new VideoDecoder(MediaLimits.DEFAULTS);

  @BeforeAll
  static void writeMedia() throws Exception {
    voice = dir.resolve("voice.flac");
    SampleMedia.flac(voice, SampleMedia.voice(1.5, 1));
    silent = dir.resolve("silent.flac");
    SampleMedia.flac(silent, SampleMedia.silence(1.0, 2));
    video = dir.resolve("v.mp4");
    SampleMedia.mp4(video, 3, 30);
    audioOnly = dir.resolve("a.mp4");
    SampleMedia.audioOnlyMp4(audioOnly, SampleMedia.voice(1.0, 4));
  }

  @Test
  void audioInfoAndDecodedSamplesMatchTheWrittenFile() {
    AudioInfo info = audio.probe(voice, "voice");
    assertThat(info.sampleRate()).isEqualTo(16000);
    assertThat(info.channels()).isEqualTo(1);
    assertThat(info.durationSeconds()).isCloseTo(1.5, within(0.01));
    assertThat(info.codec()).isEqualTo("flac");
    DecodedAudio pcm = audio.decode(voice, "voice");
    assertThat(pcm.samples()).hasSize(24000);
    assertThat(pcm.sampleRate()).isEqualTo(16000);
    short[] written = SampleMedia.voice(1.5, 1);
    assertThat(pcm.samples()[1234]).isCloseTo(written[1234] / 32768f, within(1e-4f));
  }

  @Test
  void silenceRatioSeparatesSilenceFromVoice() {
    assertThat(audio.decode(silent, "s").silenceRatio()).isEqualTo(1.0);
    double voiced = audio.decode(voice, "v").silenceRatio();
    assertThat(voiced).isGreaterThan(0.0).isLessThan(0.5);
  }

  @Test
  void truncatedFlacIsDetected() throws Exception {
    byte[] b = Files.readAllBytes(voice);
    for (double share : new double[] {0.3, 0.6, 0.9}) {
      Path cut = dir.resolve("cut-" + share + ".flac");
      Files.write(cut, Arrays.copyOf(b, (int) (b.length * share)));
      assertThatThrownBy(() -> audio.decode(cut, "cut"))
          .as("cut at %s", share)
          .isInstanceOfSatisfying(MediaDecodeException.class,
              e -> assertThat(e.errorType()).isEqualTo("truncated_audio"));
    }
  }

  @Test
  void audioCapsAndMissingFiles() {
    assertThatThrownBy(() -> new AudioDecoder(MediaLimits.DEFAULTS.withMaxDurationSeconds(1.0))
        .probe(voice, "v")).hasFieldOrPropertyWithValue("errorType", "too_long");
    assertThatThrownBy(() -> audio.probe(dir.resolve("nope.flac"), "n"))
        .hasFieldOrPropertyWithValue("errorType", "missing_file");
    assertThatThrownBy(() -> new AudioDecoder(MediaLimits.DEFAULTS.withDecodeTimeout(
        Duration.ofNanos(1))).decode(voice, "v"))
        .isInstanceOfSatisfying(MediaDecodeException.class, e -> {
          assertThat(e.errorType()).isEqualTo("decode_timeout");
          assertThat(e.retryable()).isTrue();
        });
  }

  @Test
  void videoInfoAndValidation() {
    VideoInfo info = videos.probe(video, "v");
    assertThat(info.width()).isEqualTo(160);
    assertThat(info.height()).isEqualTo(120);
    assertThat(info.fps()).isEqualTo(10.0);
    assertThat(info.frames()).isEqualTo(30);
    assertThat(info.durationSeconds()).isCloseTo(3.0, within(0.05));
    assertThat(info.codec()).isEqualTo("mpeg4");
    assertThat(videos.validate(video, "v")).isEqualTo(info);
  }

  @Test
  void keyframesAreEvenlySpacedFrames() throws Exception {
    List<BufferedImage> frames = videos.keyframes(video, 3, "v");
    assertThat(frames).hasSize(3);
    // Decode every frame in order and find which one each keyframe is: 3 slices of a 30-frame
    // video have their middles at frames 5, 15 and 25.
    List<BufferedImage> all = new ArrayList<>();
    try (FFmpegFrameGrabber g =
             new FFmpegFrameGrabber(video.toFile());
         Java2DFrameConverter c = new Java2DFrameConverter()) {
      g.start();
      Frame f;
      while ((f = g.grabImage()) != null) {
        all.add(Java2DFrameConverter.cloneBufferedImage(c.convert(f)));
      }
    }
    assertThat(all).hasSize(30);
    int[] index = new int[3];
    for (int i = 0; i < 3; i++) {
      assertThat(frames.get(i).getWidth()).isEqualTo(160);
      double best = Double.MAX_VALUE;
      for (int k = 0; k < all.size(); k++) {
        double d = meanAbsDiff(frames.get(i), all.get(k));
        if (d < best) {
          best = d;
          index[i] = k;
        }
      }
    }
    assertThat(index).containsExactly(5, 15, 25);
  }

  @Test
  void videoFailuresAreTyped() throws Exception {
    assertThatThrownBy(() -> videos.probe(audioOnly, "a"))
        .hasFieldOrPropertyWithValue("errorType", "no_video_stream");
    byte[] b = Files.readAllBytes(video);
    Path half = Files.write(dir.resolve("half.mp4"), Arrays.copyOf(b, b.length / 2));
    assertThatThrownBy(() -> videos.validate(half, "h"))
        .hasFieldOrPropertyWithValue("errorType", "corrupt_video");
    assertThatThrownBy(() -> new VideoDecoder(MediaLimits.DEFAULTS.withMaxPixels(1000))
        .probe(video, "v")).hasFieldOrPropertyWithValue("errorType", "too_many_pixels");
  }

  private static double meanAbsDiff(BufferedImage a, BufferedImage b) {
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        sum += Math.abs((p >> 16 & 0xff) - (q >> 16 & 0xff)) + Math.abs((p >> 8 & 0xff)
            - (q >> 8 & 0xff)) + Math.abs((p & 0xff) - (q & 0xff));
      }
    }
    return (double) sum / (a.getWidth() * a.getHeight());
  }
}
