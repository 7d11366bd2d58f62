package dev.mmlake.media;

/** A video file's header facts; {@code frames} is what the container declares. */
public record VideoInfo(double durationSeconds, double fps, long frames, int width, int height,
    String codec) {
  /**
   * {@code {"duration":..,"fps":..,"frames":..,"width":..,"height":..,"codec":..}}, the result
   * of {@code VIDEO_INFO}.
   */
  public String toJson() {
    return MediaJson.object().put("duration", MediaJson.round(durationSeconds))
        .put("fps", MediaJson.round(fps)).put("frames", frames).put("width", width)
        .put("height", height).put("codec", codec).toString();
  }
}
