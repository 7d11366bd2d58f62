package dev.mmlake.media;

/** An audio file's header facts. */
public record AudioInfo(double durationSeconds, int sampleRate, int channels, String codec) {
  /**
   * {@code {"duration":2.0,"sample_rate":16000,"channels":1,"codec":"flac"}}, the result of
   * {@code AUDIO_INFO}.
   */
  public String toJson() {
    return MediaJson.object().put("duration", MediaJson.round(durationSeconds))
        .put("sample_rate", sampleRate).put("channels", channels).put("codec", codec).toString();
  }
}
