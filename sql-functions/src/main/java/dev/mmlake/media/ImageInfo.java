package dev.mmlake.media;

/**
 * An image's header facts: pixel size, container format ({@code jpeg}, {@code png}, {@code webp},
 * ...) and the number of colour channels the file stores (1 grey, 2 grey + alpha, 3 colour,
 * 4 colour + alpha or CMYK; 0 when the header does not say).
 */
public record ImageInfo(int width, int height, String format, int channels) {
  /** Header facts without a channel count. */
  public ImageInfo(int width, int height, String format) {
    this(width, height, format, 0);
  }

  public long pixels() {
    return (long) width * height;
  }

  /** {@code {"width":640,"height":480,"format":"jpeg","channels":3}}, the result of IMAGE_INFO. */
  public String toJson() {
    return MediaJson.object().put("width", width).put("height", height).put("format", format)
        .put("channels", channels).toString();
  }
}
