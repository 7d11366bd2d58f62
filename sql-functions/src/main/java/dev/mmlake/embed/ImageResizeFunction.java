package dev.mmlake.embed;

import dev.mmlake.catalog.FailureEvent;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.media.ImageDecoder;
import dev.mmlake.media.MediaDecodeException;
import dev.mmlake.media.MediaLimits;
import dev.mmlake.transforms.PrecomputeTransforms;
import dev.mmlake.transforms.TransformUses;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.apache.calcite.avatica.util.ByteString;

/**
 * {@code IMAGE_RESIZE(image, width, height)}: the canonical image resize, the bytes of a PNG (8-bit
 * RGB, alpha dropped, 8-bit gray replicated raw) of exactly {@code width x height} pixels, resampled as Pillow's
 * {@code Image.resize((width, height), Image.BICUBIC)} does ({@link BicubicResampler}). The image
 * is either the encoded bytes (VARBINARY) or a {@code cas://} URI (VARCHAR). PNG keeps the
 * resampled pixels exactly; store the result with the content store if it should be kept. NULL in,
 * NULL out; an undecodable image gives NULL and a failure row. Sizes must be in 1..8192.
 */
public final class ImageResizeFunction {
  /** Largest width or height accepted. */
  public static final int MAX_SIDE = 8192;

  /** Resizes encoded image bytes. */
  public ByteString eval(ByteString image, Integer width, Integer height) {
    if (image == null || width == null || height == null) {
      return null;
    }
    return resize(image.getBytes(), "image bytes", width, height);
  }

  /** Resizes the blob at a {@code cas://} URI. */
  public ByteString eval(String uri, Integer width, Integer height) {
    if (uri == null || width == null || height == null) {
      return null;
    }
    check(width, height);
    return resize(StatementContext.current().lakehouse().cas().get(uri), uri, width, height);
  }

  private static ByteString resize(byte[] bytes, String ref, int width, int height) {
    check(width, height);
    StatementContext ctx = StatementContext.current();
    TransformUses.record(ctx, PrecomputeTransforms.imageResize(width, height));
    BufferedImage img;
    try {
      img = new ImageDecoder(MediaLimits.from(ctx.lakehouse().config())).decode(bytes, ref);
    } catch (MediaDecodeException e) {
      ctx.failures().record(FailureEvent.of("decode", null, "image", null, ref, e.errorType(),
          e.getMessage(), e.retryable()));
      return null;
    }
    return new ByteString(png(resize(img, width, height)));
  }

  private static void check(int width, int height) {
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new InvalidArgumentException("IMAGE_RESIZE: width and height must be in 1.."
          + MAX_SIDE + ", got " + width + " x " + height);
    }
  }

  /** {@code img} resized to {@code width x height} with Pillow's bicubic filter, as RGB. */
  public static BufferedImage resize(BufferedImage img, int width, int height) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] rgb = ClipImagePreprocessor.packedRgb(img);
    int[][] planes = BicubicResampler.resizeRgb(rgb, w, h, width, height);
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] packed = new int[width * height];
    for (int i = 0; i < packed.length; i++) {
      packed[i] = planes[0][i] << 16 | planes[1][i] << 8 | planes[2][i];
    }
    out.setRGB(0, 0, width, height, packed, 0, width);
    return out;
  }

  static byte[] png(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode a PNG", e);
    }
    return out.toByteArray();
  }
}
