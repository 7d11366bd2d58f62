package dev.mmlake.loader.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.loader.AudioArray;
import dev.mmlake.loader.LoaderSample;
import java.util.Set;

/**
 * {@code audio_gain_noise_v001}: scales a float waveform (samples in [-1, 1]) by a gain drawn
 * uniform in {@code gain_db} decibels ({@code 10^(dB / 20)}), then adds Gaussian noise of standard
 * deviation {@code noise_std} to every sample, and clips to [-1, 1]. The draws: the gain first,
 * then one normal value per sample in order. Config: {@code gain_db} (default [-6, 6]),
 * {@code noise_std} (default 0.005, in [0, 1]).
 *
 * <p>The loader applies it to the sample's decoded audio ({@link LoaderSample#audio()}: FLAC, WAV
 * or MP3 members, mono at 16 kHz); a sample without audio passes through unchanged. The draws
 * come from the sample's {@link LiveRandom}, so the output is a function of (seed, epoch, key).
 */
public final class AudioGainNoise extends ConfiguredTransform {
  static final String NAME = "audio_gain_noise";
  private final double[] gainDb;
  private final double noiseStd;

  AudioGainNoise(String id, JsonNode given) {
    super(id, "audio", given, Set.of("gain_db", "noise_std"));
    LiveConfig c = settings();
    this.gainDb = c.range("gain_db", -6, 6, -60, 60);
    this.noiseStd = c.number("noise_std", 0.005, 0, 1);
  }

  @Override
  public LoaderSample apply(LoaderSample sample, LiveRandom random) {
    AudioArray audio = sample.audio();
    if (audio == null) {
      return sample;
    }
    return LiveTransform.withAudio(sample,
        new AudioArray(audio.sampleRate(), apply(audio.samples(), random)));
  }

  /** The waveform with the drawn gain and noise, a new array. */
  public float[] apply(float[] pcm, LiveRandom random) {
    double gain = Math.pow(10, random.uniform(gainDb[0], gainDb[1]) / 20);
    float[] out = new float[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      double v = pcm[i] * gain + (noiseStd == 0 ? 0 : noiseStd * random.gaussian());
      out[i] = (float) Math.max(-1, Math.min(1, v));
    }
    return out;
  }
}
