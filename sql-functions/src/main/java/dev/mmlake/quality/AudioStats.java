package dev.mmlake.quality;

/**
 * Measurements of mono PCM samples in [-1, 1].
 *
 * @param silenceRatio share of frames of {@code frameMs} whose RMS level in dBFS
 *     ({@code 20 log10 rms}) is below {@code silenceDb}; the last frame may be shorter
 * @param clippingRatio share of samples with {@code |x| >= clipLevel}
 */
record AudioStats(double durationSeconds, double silenceRatio, double clippingRatio) {

  static AudioStats of(float[] samples, int sampleRate, double frameMs, double silenceDb,
      double clipLevel) {
    int frame = Math.max(1, (int) Math.round(sampleRate * frameMs / 1000.0));
    int frames = 0;
    int silent = 0;
    long clipped = 0;
    for (int start = 0; start < samples.length; start += frame) {
      int end = Math.min(samples.length, start + frame);
      double sq = 0;
      for (int i = start; i < end; i++) {
        float x = samples[i];
        sq += (double) x * x;
        if (Math.abs(x) >= clipLevel) {
          clipped++;
        }
      }
      double rms = Math.sqrt(sq / (end - start));
      double db = rms == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(rms);
      frames++;
      if (db < silenceDb) {
        silent++;
      }
    }
    return new AudioStats((double) samples.length / sampleRate,
        frames == 0 ? 1 : (double) silent / frames,
        samples.length == 0 ? 0 : (double) clipped / samples.length);
  }

  /** Number of NaN or infinite samples. */
  static int nonFinite(float[] samples) {
    int bad = 0;
    for (float x : samples) {
      if (!Float.isFinite(x)) {
        bad++;
      }
    }
    return bad;
  }
}
