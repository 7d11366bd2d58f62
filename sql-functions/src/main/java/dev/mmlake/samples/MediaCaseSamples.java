package dev.mmlake.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Real-world image variants in the COCO layout under {@code media-cases/}, apart from the five
 * sources so their counts stay as they are: JPEGs with bytes after the EOI marker, progressive,
 * CMYK (Adobe APP14), grey and EXIF-rotated JPEGs; PNGs with alpha, grey and 16 bits per channel;
 * lossy and lossless-with-alpha WebP, all of which must ingest; and a truncated PNG, WebP and
 * progressive JPEG and random bytes, which must fail. Each case is listed under
 * {@code media_cases} in the manifest with its expected size, channels and outcome.
 */
public final class MediaCaseSamples {
  static final String DIR = "media-cases";
  private static final long FIRST_ID = 900_000_001L;
  private static final int W = 320;
  private static final int H = 240;

  /**
   * One planted file: its bytes, name, the expected header facts when it must ingest, or the
   * expected {@code error_type} when it must fail.
   */
  public record Case(String name, String fileName, byte[] bytes, String format, int width,
      int height, int channels, String errorType, String what) {
    public boolean accepted() {
      return errorType == null;
    }
  }

  private MediaCaseSamples() {
  }

  /** All cases for {@code seed}; the same seed gives the same bytes. */
  public static List<Case> cases(long seed) {
    Random r = new Random(seed);
    BufferedImage scene = SampleImages.scene(W, H, seed * 1000 + 1);
    List<Case> out = new ArrayList<>();
    byte[] jpeg = SampleImages.jpeg(scene, 0.9f);
    byte[] trailing = new byte[777];
    r.nextBytes(trailing);
    out.add(ok("jpeg_trailing_bytes", "jpg", concat(jpeg, trailing), "jpeg", 3,
        "a complete JPEG followed by 777 random bytes after its EOI marker"));
    out.add(ok("jpeg_trailing_zeros", "jpg", concat(jpeg, new byte[4096]), "jpeg", 3,
        "a complete JPEG padded with 4096 zero bytes"));
    byte[] progressive = SampleImages.progressiveJpeg(SampleImages.scene(W, H, seed * 1000 + 2));
    out.add(ok("jpeg_progressive", "jpg", progressive, "jpeg", 3, "a progressive JPEG"));
    out.add(ok("jpeg_cmyk", "jpg", cmykJpeg(SampleImages.scene(W, H, seed * 1000 + 3)), "jpeg",
        4, "a CMYK JPEG with an Adobe APP14 marker, as Photoshop writes them"));
    out.add(ok("jpeg_grayscale", "jpg", SampleImages.jpeg(grey(scene), 0.9f), "jpeg", 1,
        "a one-component (greyscale) JPEG"));
    out.add(ok("jpeg_exif_rotated", "jpg", withExifOrientation(
        SampleImages.jpeg(SampleImages.scene(W, H, seed * 1000 + 4), 0.9f), 6), "jpeg", 3,
        "a JPEG whose EXIF orientation is 6 (rotate 90); its stored size is kept"));
    out.add(ok("png_alpha", "png", png(withAlpha(SampleImages.scene(W, H, seed * 1000 + 5))),
        "png", 4, "an RGBA PNG with a transparent gradient"));
    out.add(ok("png_grayscale", "png", png(grey(scene)), "png", 1, "an 8-bit greyscale PNG"));
    out.add(ok("png_16bit", "png", png16(SampleImages.scene(W, H, seed * 1000 + 6)), "png", 3,
        "an RGB PNG with 16 bits per channel"));
    out.add(ok("webp_lossy", "webp", webp(SampleImages.scene(W, H, seed * 1000 + 7), false, 80),
        "webp", 3, "a lossy (VP8) WebP"));
    out.add(ok("webp_lossless_alpha", "webp",
        webp(withAlpha(SampleImages.scene(W, H, seed * 1000 + 8)), true, 101), "webp", 4,
        "a lossless (VP8L) WebP with alpha"));

    byte[] fullPng = png(SampleImages.scene(W, H, seed * 1000 + 9));
    out.add(bad("png_truncated", "png", Arrays.copyOf(fullPng, fullPng.length * 6 / 10),
        "corrupt_image", "a PNG cut at 60% of its bytes (no IEND chunk)"));
    byte[] fullWebp = webp(SampleImages.scene(W, H, seed * 1000 + 10), false, 80);
    out.add(bad("webp_truncated", "webp", Arrays.copyOf(fullWebp, fullWebp.length * 6 / 10),
        "corrupt_image", "a WebP cut at 60% of the bytes its RIFF header declares"));
    out.add(bad("jpeg_progressive_truncated", "jpg",
        Arrays.copyOf(progressive, progressive.length * 6 / 10), "corrupt_jpeg",
        "a progressive JPEG cut at 60% of its bytes (later scans missing)"));
    byte[] random = new byte[5000];
    r.nextBytes(random);
    random[0] = 0x13; // never a known magic number
    out.add(bad("random_bytes", "jpg", random, "unsupported_image_format",
        "5000 random bytes named .jpg"));
    return out;
  }

  /** Writes the cases and their COCO captions JSON; returns the number of items. */
  static int write(Path root, long seed, SampleManifest m) throws IOException {
    Path images = Files.createDirectories(root.resolve(DIR + "/val2017"));
    Path annotations = Files.createDirectories(root.resolve(DIR + "/annotations"));
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode json = mapper.createObjectNode();
    json.putObject("info").put("description", "mmlake real-world image variants (COCO layout)");
    json.putArray("licenses").addObject().put("id", 4).put("name", "Attribution License")
        .put("url", "http://creativecommons.org/licenses/by/2.0/");
    ArrayNode imageArray = json.putArray("images");
    ArrayNode annArray = json.putArray("annotations");
    ArrayNode listed = m.mediaCases("read_coco", List.of(DIR + "/annotations/captions_val2017.json",
        DIR + "/val2017"));
    long id = FIRST_ID;
    int failures = 0;
    List<Case> cases = cases(seed);
    for (Case c : cases) {
      String file = String.format("%012d.%s", id, c.fileName());
      Files.write(images.resolve(file), c.bytes());
      imageArray.addObject().put("license", 4).put("file_name", file).put("height", H)
          .put("width", W).put("id", id);
      annArray.addObject().put("image_id", id).put("id", id)
          .put("caption", "A sample picture stored as " + c.what() + ".");
      ObjectNode e = listed.addObject().put("case", c.name()).put("source", "coco")
          .put("source_id", String.valueOf(id)).put("file", DIR + "/val2017/" + file)
          .put("what", c.what());
      if (c.accepted()) {
        e.put("expected", "row").put("format", c.format()).put("width", c.width())
            .put("height", c.height()).put("channels", c.channels());
      } else {
        e.put("expected", "failure").put("error_type", c.errorType());
        failures++;
      }
      id++;
    }
    mapper.writeValue(annotations.resolve("captions_val2017.json").toFile(), json);
    m.mediaCaseCounts(cases.size(), failures);
    return cases.size();
  }

  private static Case ok(String name, String ext, byte[] bytes, String format, int channels,
      String what) {
    return new Case(name, ext, bytes, format, W, H, channels, null, what);
  }

  private static Case bad(String name, String ext, byte[] bytes, String errorType, String what) {
    return new Case(name, ext, bytes, null, W, H, 0, errorType, what);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static BufferedImage grey(BufferedImage src) {
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(),
        BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return out;
  }

  /** The picture with alpha falling from opaque (left) to nearly transparent (right). */
  private static BufferedImage withAlpha(BufferedImage src) {
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(),
        BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < src.getHeight(); y++) {
      for (int x = 0; x < src.getWidth(); x++) {
        int alpha = 255 - x * 230 / src.getWidth();
        out.setRGB(x, y, alpha << 24 | (src.getRGB(x, y) & 0xffffff));
      }
    }
    return out;
  }

  /**
   * A four-component JPEG with an Adobe APP14 marker (transform 0), holding inverted CMYK as
   * Adobe applications store it.
   */
  private static byte[] cmykJpeg(BufferedImage img) {
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, img.getWidth(),
        img.getHeight(), 4, null);
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        int k = 255 - Math.max(r, Math.max(g, b));
        int d = Math.max(1, 255 - k);
        // inverted (Adobe) CMYK: 255 means no ink
        cmyk.setSample(x, y, 0, 255 - (255 - r - k) * 255 / d);
        cmyk.setSample(x, y, 1, 255 - (255 - g - k) * 255 / d);
        cmyk.setSample(x, y, 2, 255 - (255 - b - k) * 255 / d);
        cmyk.setSample(x, y, 3, 255 - k);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(cmyk, null, null), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
        0};
    return insertAfterSoi(bytes.toByteArray(), adobe);
  }

  /** The JPEG with an EXIF APP1 segment whose only tag is Orientation. */
  private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] app1 = {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0,
        'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD0 at 8
        0, 1, // one entry
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, 1
        0, 0, 0, 0}; // no next IFD
    return insertAfterSoi(jpeg, app1);
  }

  private static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
    byte[] out = new byte[jpeg.length + segment.length];
    System.arraycopy(jpeg, 0, out, 0, 2);
    System.arraycopy(segment, 0, out, 2, segment.length);
    System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
    return out;
  }

  private static byte[] png(BufferedImage img) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A 16-bit-per-channel RGB PNG through OpenCV. */
  private static byte[] png16(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    short[] px = new short[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        int i = (y * w + x) * 3;
        px[i] = (short) ((rgb & 0xff) * 257 + (x & 0xff));
        px[i + 1] = (short) ((rgb >> 8 & 0xff) * 257);
        px[i + 2] = (short) ((rgb >> 16 & 0xff) * 257);
      }
    }
    try (Mat mat = new Mat(h, w, opencv_core.CV_16UC3)) {
      new ShortPointer(mat.data()).put(px);
      return encode(".png", mat, new int[0]);
    }
  }

  /** WebP through OpenCV; quality above 100 selects lossless (VP8L). */
  private static byte[] webp(BufferedImage img, boolean alpha, int quality) {
    int w = img.getWidth();
    int h = img.getHeight();
    int ch = alpha ? 4 : 3;
    byte[] px = new byte[w * h * ch];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int argb = img.getRGB(x, y);
        int i = (y * w + x) * ch;
        px[i] = (byte) argb;
        px[i + 1] = (byte) (argb >> 8);
        px[i + 2] = (byte) (argb >> 16);
        if (alpha) {
          px[i + 3] = (byte) (argb >>> 24);
        }
      }
    }
    try (Mat mat = new Mat(h, w, alpha ? opencv_core.CV_8UC4 : opencv_core.CV_8UC3)) {
      mat.data().put(px);
      return encode(".webp", mat, new int[] {opencv_imgcodecs.IMWRITE_WEBP_QUALITY, quality});
    }
  }

  private static byte[] encode(String ext, Mat mat, int[] params) {
    try (BytePointer buf = new BytePointer(); IntPointer p = new IntPointer(params)) {
      if (!opencv_imgcodecs.imencode(ext, mat, buf, p)) {
        throw new IllegalStateException("OpenCV cannot encode " + ext);
      }
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      return out;
    }
  }
}
