package dev.mmlake.media;

/** An image's header facts: pixel size and container format ({@code jpeg}, {@code png}, ...). */
public record ImageInfo(int width, int height, String format) {
  public long pixels() {
    return (long) width * height;
  }

  /** {@code {"width":640,"height":480,"format":"jpeg"}}, the result of {@code IMAGE_INFO}. */
  public String toJson() {
    return MediaJson.object().put("width", width).put("height", height).put("format", format)
        .toString();
  }
}
