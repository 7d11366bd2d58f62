package dev.mmlake.loader.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.loader.AudioArray;
import dev.mmlake.loader.LoaderConfig;
import dev.mmlake.loader.LoaderException;
import dev.mmlake.loader.LoaderSample;
import dev.mmlake.loader.LoaderShardSet;
import dev.mmlake.loader.SampleTransform;
import dev.mmlake.loader.ShardLoader;
import dev.mmlake.media.AudioDecoder;
import dev.mmlake.media.MediaDecodeException;
import dev.mmlake.media.MediaLimits;
import dev.mmlake.shards.BlobSource;
import dev.mmlake.shards.ShardListener;
import dev.mmlake.shards.ShardOptions;
import dev.mmlake.shards.ShardSample;
import dev.mmlake.shards.ShardSetWriter;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader decodes FLAC members through FFmpeg and applies audio_gain_noise_v001 to them. */
class AudioLoaderTest {
  private static final int SOURCE_RATE = 44_100;
  private static final double SECONDS = 0.5;
  private static final double HZ = 440;
  private static final double AMPLITUDE = 0.5;
  @TempDir static Path dir;
  static byte[] flac;

  @BeforeAll
  static void writeFlac() throws Exception {
    Path f = dir.resolve("sine.flac");
    short[] pcm = new short[(int) Math.round(SECONDS * SOURCE_RATE)];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) Math.round(AMPLITUDE * 32767
          * Math.sin(2 * Math.PI * HZ * i / SOURCE_RATE));
    }
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(f.toFile(), 1)) {
      rec.setFormat("flac");
      rec.setAudioCodec(avcodec.AV_CODEC_ID_FLAC);
      rec.setSampleRate(SOURCE_RATE);
      rec.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
      rec.start();
      rec.recordSamples(SOURCE_RATE, 1, ShortBuffer.wrap(pcm));
      rec.stop();
    }
    flac = Files.readAllBytes(f);
  }

  /** A shard set of {@code members} (key to (ext, bytes)), one shard. */
  private static LoaderShardSet set(String name, Map<String, Object[]> members) {
    List<ShardSample> samples = members.entrySet().stream().map(e -> ShardSample.ofBlob(
        e.getKey(), "audio", (String) e.getValue()[0], BlobSource.ofBytes((byte[]) e.getValue()[1]),
        Map.<String, Object>of("k", e.getKey()))).toList();
    Path out = dir.resolve(name);
    new ShardSetWriter(out, ShardOptions.ofJson("{\"max_samples\": 10, \"seed\": 1, "
        + "\"prefix\": \"a\", \"threads\": 1}")).write(samples, ShardListener.NONE);
    return LoaderShardSet.fromIndex(out.resolve("a-index.json"));
  }

  private static Map<String, LoaderSample> epoch(LoaderShardSet set, LoaderConfig c,
      SampleTransform t) {
    Map<String, LoaderSample> out = new HashMap<>();
    try (ShardLoader l = ShardLoader.open(set, c, t)) {
      LoaderSample s;
      while ((s = l.next()) != null) {
        out.put(s.key(), s);
      }
    }
    return out;
  }

  private static double peak(float[] x) {
    double p = 0;
    for (int i = x.length / 10; i < x.length * 9 / 10; i++) { // skip resampler edges
      p = Math.max(p, Math.abs(x[i]));
    }
    return p;
  }

  /** Frequency from the count of upward zero crossings. */
  private static double frequency(float[] x, int rate) {
    int first = -1;
    int last = -1;
    int crossings = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i - 1] < 0 && x[i] >= 0) {
        if (first < 0) {
          first = i;
        } else {
          crossings++;
        }
        last = i;
      }
    }
    return crossings * (double) rate / (last - first);
  }

  @Test
  void flacMemberDecodesToA16kHzMonoWaveform() {
    LoaderShardSet set = set("plain", Map.of("a-1", new Object[] {"flac", flac},
        "t-1", new Object[] {"txt", "no audio".getBytes(StandardCharsets.UTF_8)}));
    Map<String, LoaderSample> got = epoch(set, LoaderConfig.of(5, 0, 2), SampleTransform.NONE);
    AudioArray a = got.get("a-1").audio();
    assertThat(a.sampleRate()).isEqualTo(16_000);
    assertThat(a.samples().length).isCloseTo((int) (SECONDS * 16_000), within(40));
    assertThat(peak(a.samples())).isCloseTo(AMPLITUDE, within(0.02));
    assertThat(frequency(a.samples(), a.sampleRate())).isCloseTo(HZ, within(2.0));
    assertThat(got.get("t-1").audio()).isNull();
    assertThat(got.get("t-1").text()).isEqualTo("no audio");
    Map<String, LoaderSample> raw = epoch(set, LoaderConfig.of(5, 0, 2).withoutDecoding(),
        SampleTransform.NONE);
    assertThat(raw.get("a-1").audio()).isNull();
    assertThat(raw.get("a-1").raw().get("flac")).isEqualTo(flac);
  }

  @Test
  void gainTransformScalesByTheConfiguredDecibelsDeterministically() {
    LoaderShardSet set = set("gain", Map.of("a-1", new Object[] {"flac", flac},
        "a-2", new Object[] {"flac", flac}));
    LivePipeline minus6 = LivePipeline.of(List.of(LiveTransformSpec.parse(
        "audio_gain_noise_v001 {\"gain_db\": [-6, -6], \"noise_std\": 0}")));
    LoaderConfig c = LoaderConfig.of(5, 0, 1);
    float[] plain = epoch(set, c, SampleTransform.NONE).get("a-1").audio().samples();
    AudioArray quiet = epoch(set, c, minus6).get("a-1").audio();
    assertThat(quiet.sampleRate()).isEqualTo(16_000);
    assertThat(quiet.samples()).hasSize(plain.length);
    double gain = Math.pow(10, -6 / 20.0);
    for (int i = 0; i < plain.length; i += 97) {
      assertThat(quiet.samples()[i]).isCloseTo((float) (plain[i] * gain), within(1e-6f));
    }
    assertThat(peak(quiet.samples()) / peak(plain)).isCloseTo(gain, within(1e-3));

    LivePipeline noisy = LivePipeline.of(List.of(LiveTransformSpec.parse(
        "audio_gain_noise_v001 {\"gain_db\": [-6, 6], \"noise_std\": 0.01}")));
    Map<String, LoaderSample> a = epoch(set, c, noisy);
    Map<String, LoaderSample> b = epoch(set, LoaderConfig.of(5, 0, 2), noisy);
    Map<String, LoaderSample> nextEpoch = epoch(set, LoaderConfig.of(5, 1, 1), noisy);
    assertThat(a.get("a-1").audio().samples()).isEqualTo(b.get("a-1").audio().samples());
    assertThat(a.get("a-2").audio().samples()).isEqualTo(b.get("a-2").audio().samples());
    assertThat(a.get("a-1").audio().samples()).isNotEqualTo(a.get("a-2").audio().samples());
    assertThat(a.get("a-1").audio().samples())
        .isNotEqualTo(nextEpoch.get("a-1").audio().samples());
  }

  @Test
  void undecodableAudioFailsNamingTheSample() {
    LoaderShardSet set = set("bad", Map.of("broken-7", new Object[] {"flac",
        "not a flac stream at all".getBytes(StandardCharsets.UTF_8)}));
    assertThatThrownBy(() -> epoch(set, LoaderConfig.of(5, 0, 1), SampleTransform.NONE))
        .isInstanceOf(LoaderException.class)
        .hasMessageContaining("broken-7.flac");
  }

  @Test
  void inMemoryDecodeIsBoundedByTheMediaLimits() {
    AudioDecoder capped = new AudioDecoder(MediaLimits.DEFAULTS.withMaxDurationSeconds(0.2));
    assertThatThrownBy(() -> capped.decode(flac, "s-9.flac", 16_000))
        .isInstanceOf(MediaDecodeException.class)
        .hasMessageContaining("s-9.flac")
        .hasMessageContaining(MediaLimits.MAX_DURATION)
        .satisfies(e -> assertThat(((MediaDecodeException) e).errorType()).isEqualTo("too_long"));
    AudioDecoder small = new AudioDecoder(MediaLimits.DEFAULTS.withMaxBytes(100));
    assertThatThrownBy(() -> small.decode(flac, "s-9.flac", 16_000))
        .hasMessageContaining(MediaLimits.MAX_BYTES);
    assertThat(((LoaderException) catchDecode()).code()).isEqualTo(ErrorCode.DECODE_FAILED);
  }

  private static Throwable catchDecode() {
    LoaderShardSet set = set("bad2", Map.of("broken-8", new Object[] {"wav", new byte[] {1, 2}}));
    try {
      epoch(set, LoaderConfig.of(5, 0, 1), SampleTransform.NONE);
    } catch (LoaderException e) {
      return e;
    }
    throw new AssertionError("a broken wav member decoded");
  }
}
