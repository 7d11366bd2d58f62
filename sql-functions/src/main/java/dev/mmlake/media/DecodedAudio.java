package dev.mmlake.media;

/**
 * Decoded audio for the quality stage: every sample mixed down to mono, as floats in [-1, 1].
 *
 * @param samples mono PCM
 * @param sampleRate samples per second of {@code samples}
 * @param info the header facts of the source file
 */
public record DecodedAudio(float[] samples, int sampleRate, AudioInfo info) {
  public double durationSeconds() {
    return (double) samples.length / sampleRate;
  }

  /**
   * The share of 20 ms windows whose RMS level is below -40 dBFS (0.01 of full scale); 1.0 for
   * an empty signal. This is {@code AUDIO_SILENCE_RATIO}.
   */
  public double silenceRatio() {
    int window = Math.max(1, sampleRate / 50);
    int windows = 0;
    int silent = 0;
    for (int start = 0; start < samples.length; start += window) {
      int end = Math.min(samples.length, start + window);
      double sum = 0;
      for (int i = start; i < end; i++) {
        sum += (double) samples[i] * samples[i];
      }
      double rms = Math.sqrt(sum / (end - start));
      windows++;
      if (rms < 0.01) {
        silent++;
      }
    }
    return windows == 0 ? 1.0 : (double) silent / windows;
  }
}
