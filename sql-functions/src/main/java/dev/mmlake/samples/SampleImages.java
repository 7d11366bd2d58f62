package dev.mmlake.samples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Synthetic pictures drawn with Java2D: a two-colour gradient, a dozen random shapes and a
 * per-pixel noise texture, so that images differ visibly from one another and blur is measurable.
 */
public final class SampleImages {
  private SampleImages() {
  }

  /** A distinct textured scene; the same seed draws the same picture. */
  public static BufferedImage scene(int width, int height, long seed) {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, color(r), width, height, color(r)));
    g.fillRect(0, 0, width, height);
    int shapes = 6 + r.nextInt(8);
    for (int i = 0; i < shapes; i++) {
      g.setColor(color(r));
      int x = r.nextInt(width);
      int y = r.nextInt(height);
      int w = width / 10 + r.nextInt(width / 3);
      int h = height / 10 + r.nextInt(height / 3);
      switch (r.nextInt(4)) {
        case 0 -> g.fillOval(x - w / 2, y - h / 2, w, h);
        case 1 -> g.fillRect(x - w / 2, y - h / 2, w, h);
        case 2 -> g.fillPolygon(new Polygon(new int[] {x, x + w / 2, x - w / 2},
            new int[] {y - h / 2, y + h / 2, y + h / 2}, 3));
        default -> {
          g.setStroke(new BasicStroke(2 + r.nextInt(6)));
          g.drawLine(x, y, r.nextInt(width), r.nextInt(height));
        }
      }
    }
    g.dispose();
    addNoise(img, r, 14);
    return img;
  }

  /** A frame of a moving scene: the background of {@code seed} with a disc at step {@code t}. */
  public static BufferedImage movingFrame(int width, int height, long seed, int t, int steps) {
    BufferedImage img = scene(width, height, seed);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color((int) (seed * 37 % 255), 255 - (int) (seed * 11 % 255), 40));
    int x = (int) ((double) t / steps * (width - 30));
    g.fillOval(x, height / 2 - 15, 30, 30);
    g.dispose();
    return img;
  }

  /** A nearly flat grey picture (a few levels of noise). */
  public static BufferedImage nearUniform(int width, int height, long seed) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(128, 128, 130));
    g.fillRect(0, 0, width, height);
    g.dispose();
    addNoise(img, new Random(seed), 2);
    return img;
  }

  /** A heavily blurred copy (two passes of a 9x9 box filter). */
  public static BufferedImage blurred(BufferedImage src) {
    float[] k = new float[81];
    Arrays.fill(k, 1f / 81);
    ConvolveOp op = new ConvolveOp(new Kernel(9, 9, k), ConvolveOp.EDGE_NO_OP, null);
    return op.filter(op.filter(src, null), null);
  }

  public static BufferedImage resized(BufferedImage src, double scale) {
    int w = (int) Math.round(src.getWidth() * scale);
    int h = (int) Math.round(src.getHeight() * scale);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
        RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /** The centre of {@code src} without {@code share} of each border. */
  public static BufferedImage cropped(BufferedImage src, double share) {
    int dx = (int) (src.getWidth() * share);
    int dy = (int) (src.getHeight() * share);
    BufferedImage sub = src.getSubimage(dx, dy, src.getWidth() - 2 * dx, src.getHeight() - 2 * dy);
    BufferedImage out = new BufferedImage(sub.getWidth(), sub.getHeight(),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(sub, 0, 0, null);
    g.dispose();
    return out;
  }

  /** JPEG bytes at {@code quality} in (0, 1]. */
  public static byte[] jpeg(BufferedImage img, float quality) {
    return jpeg(img, p -> {
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
    });
  }

  /** A progressive JPEG of {@code img} at the writer's default quality. */
  public static byte[] progressiveJpeg(BufferedImage img) {
    return jpeg(img, p -> p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT));
  }

  private static byte[] jpeg(BufferedImage img, Consumer<ImageWriteParam> settings) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      settings.accept(p);
      writer.write(null, new IIOImage(img, null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static Color color(Random r) {
    return Color.getHSBColor(r.nextFloat(), 0.4f + 0.6f * r.nextFloat(),
        0.3f + 0.7f * r.nextFloat());
  }

  private static void addNoise(BufferedImage img, Random r, int amplitude) {
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int n = r.nextInt(2 * amplitude + 1) - amplitude;
        img.setRGB(x, y, (clamp((rgb >> 16 & 0xff) + n) << 16) | (clamp((rgb >> 8 & 0xff) + n) << 8)
            | clamp((rgb & 0xff) + n));
      }
    }
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
