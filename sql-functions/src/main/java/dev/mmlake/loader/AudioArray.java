package dev.mmlake.loader;

/**
 * A decoded audio member as a float32 tensor: {@code samples} is the mono waveform in [-1, 1]
 * (channels averaged), {@code sampleRate} samples per second; the loader decodes at
 * {@link SampleDecoder#AUDIO_RATE} Hz.
 */
public record AudioArray(int sampleRate, float[] samples) {
  /** Length in seconds. */
  public double seconds() {
    return (double) samples.length / sampleRate;
  }
}
