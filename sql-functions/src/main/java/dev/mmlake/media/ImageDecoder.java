package dev.mmlake.media;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Bounded image decoding. The pixel cap is checked from the header before any pixel is decoded.
 * JPEG (baseline, progressive, grey, CMYK), PNG (grey, alpha, palette, 16-bit), WebP and BMP decode
 * through OpenCV's {@code imdecode}, whose empty result is the corruption signal (ImageIO returns a
 * truncated JPEG as a full image without error); GIF decodes through ImageIO. A JPEG must reach
 * its EOI marker, a PNG its IEND chunk and a WebP the length its RIFF header declares; bytes
 * after that end are ignored, as libjpeg, libpng and Pillow ignore them. EXIF orientation is not
 * applied, so the decoded size is the header's. Thread-safe.
 */
public final class ImageDecoder {
  private final MediaLimits limits;

  public ImageDecoder(MediaLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits is null");
  }

  /** Reads width, height and format from the header only, and checks the byte and pixel caps. */
  public ImageInfo probe(byte[] bytes, String ref) {
    if (bytes.length > limits.maxBytes()) {
      throw new MediaDecodeException(FailureCodes.TOO_LARGE, ref, bytes.length
          + " bytes is over " + MediaLimits.MAX_BYTES + "=" + limits.maxBytes());
    }
    String format = formatOf(bytes);
    if (format == null) {
      throw new MediaDecodeException(FailureCodes.UNSUPPORTED_IMAGE_FORMAT, ref,
          "not a JPEG, PNG, GIF, BMP or WebP file (unknown magic bytes)");
    }
    String corrupt = corruptCode(format);
    ImageInfo info = format.equals("webp") ? probeWebp(bytes, ref) : probeImageIo(bytes, format, ref);
    if (info.width() <= 0 || info.height() <= 0) {
      throw new MediaDecodeException(corrupt, ref, "header declares an empty image "
          + info.width() + "x" + info.height());
    }
    if (info.pixels() > limits.maxPixels()) {
      throw new MediaDecodeException(FailureCodes.TOO_MANY_PIXELS, ref, info.width() + "x"
          + info.height() + " is over " + MediaLimits.MAX_PIXELS + "=" + limits.maxPixels());
    }
    return info;
  }

  private static ImageInfo probeWebp(byte[] bytes, String ref) {
    ImageInfo info = ImageStructure.webp(bytes);
    if (info == null) {
      throw new MediaDecodeException(FailureCodes.CORRUPT_IMAGE, ref,
          "unreadable webp header (no VP8, VP8L or VP8X chunk)");
    }
    return info;
  }

  private static ImageInfo probeImageIo(byte[] bytes, String format, String ref) {
    String corrupt = corruptCode(format);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new MediaDecodeException(FailureCodes.UNSUPPORTED_IMAGE_FORMAT, ref,
            "no reader for format " + format);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return new ImageInfo(reader.getWidth(0), reader.getHeight(0), format,
            channelsOf(bytes, format));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof MediaDecodeException m) {
        throw m;
      }
      throw new MediaDecodeException(corrupt, ref, "unreadable " + format + " header: "
          + e.getMessage(), e);
    }
  }

  /** The channel count the header declares; 0 when it does not say. */
  private static int channelsOf(byte[] bytes, String format) {
    return switch (format) {
      case "jpeg" -> ImageStructure.jpeg(bytes).components();
      case "png" -> ImageStructure.pngChannels(bytes);
      case "bmp" -> bytes.length > 29 && (bytes[28] & 0xff) == 32 ? 4 : 3;
      default -> 3;
    };
  }

  /** Decodes the whole image after {@link #probe}; corrupt or truncated data is an error. */
  public BufferedImage decode(byte[] bytes, String ref) {
    return decodeChecked(bytes, ref).image();
  }

  /** Decodes the image and returns its header facts; the check connectors run at ingest. */
  public ImageInfo validate(byte[] bytes, String ref) {
    return decodeChecked(bytes, ref).info();
  }

  private record Decoded(ImageInfo info, BufferedImage image) {
  }

  private Decoded decodeChecked(byte[] bytes, String ref) {
    ImageInfo info = probe(bytes, ref);
    checkComplete(bytes, info.format(), ref);
    BufferedImage image = info.format().equals("gif") ? decodeImageIo(bytes, info, ref)
        : decodeOpenCv(bytes, info, ref);
    if (image.getWidth() != info.width() || image.getHeight() != info.height()) {
      throw new MediaDecodeException(corruptCode(info.format()), ref, "decoded "
          + image.getWidth() + "x" + image.getHeight() + " but the header declares "
          + info.width() + "x" + info.height());
    }
    return new Decoded(info, image);
  }

  private static BufferedImage decodeOpenCv(byte[] bytes, ImageInfo info, String ref) {
    try (BytePointer data = new BytePointer(bytes);
         Mat encoded = new Mat(1, bytes.length, opencv_core.CV_8UC1, data);
         Mat mat = opencv_imgcodecs.imdecode(encoded,
             opencv_imgcodecs.IMREAD_COLOR | opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION)) {
      if (mat == null || mat.empty()) {
        throw new MediaDecodeException(corruptCode(info.format()), ref,
            "the " + info.format() + " decoder rejected the data (corrupt or truncated)");
      }
      return toBufferedImage(mat);
    } catch (RuntimeException e) {
      if (e instanceof MediaDecodeException m) {
        throw m;
      }
      // OpenCV reports its own errors (cv::Exception) as RuntimeException
      throw new MediaDecodeException(corruptCode(info.format()), ref, "the " + info.format()
          + " decoder failed: " + e.getMessage(), e);
    }
  }

  private static BufferedImage decodeImageIo(byte[] bytes, ImageInfo info, String ref) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      if (img == null) {
        throw new MediaDecodeException(FailureCodes.CORRUPT_IMAGE, ref, "no decoder accepted it");
      }
      return img;
    } catch (IOException | RuntimeException e) {
      if (e instanceof MediaDecodeException m) {
        throw m;
      }
      throw new MediaDecodeException(FailureCodes.CORRUPT_IMAGE, ref, e.getMessage(), e);
    }
  }

  /** Copies an 8-bit 3-channel BGR Mat into a {@code TYPE_3BYTE_BGR} image (same byte order). */
  private static BufferedImage toBufferedImage(Mat mat) {
    Mat src = mat.isContinuous() ? mat : mat.clone();
    try {
      BufferedImage out = new BufferedImage(src.cols(), src.rows(), BufferedImage.TYPE_3BYTE_BGR);
      byte[] target = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
      src.data().get(target);
      return out;
    } finally {
      if (src != mat) {
        src.close();
      }
    }
  }

  /** The format named by the magic bytes, or null. */
  static String formatOf(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
      return "jpeg";
    }
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "png";
    }
    if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
      return "gif";
    }
    if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
      return "bmp";
    }
    if (b.length >= 16 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
        && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return "webp";
    }
    return null;
  }

  /** The MIME type of a format name from {@link ImageInfo#format()}. */
  public static String mimeOf(String format) {
    return "image/" + format;
  }

  private static String corruptCode(String format) {
    return format.equals("jpeg") ? FailureCodes.CORRUPT_JPEG : FailureCodes.CORRUPT_IMAGE;
  }

  /** Rejects a JPEG, PNG or WebP whose stream breaks off before its declared end. */
  private static void checkComplete(byte[] bytes, String format, String ref) {
    switch (format) {
      case "jpeg" -> {
        if (ImageStructure.jpeg(bytes).end() < 0) {
          throw new MediaDecodeException(FailureCodes.CORRUPT_JPEG, ref,
              "JPEG ends before its end-of-image marker: the file is truncated");
        }
      }
      case "png" -> {
        if (ImageStructure.pngEnd(bytes) < 0) {
          throw new MediaDecodeException(FailureCodes.CORRUPT_IMAGE, ref,
              "PNG ends before its IEND chunk: the file is truncated");
        }
      }
      case "webp" -> {
        if (!ImageStructure.webpComplete(bytes)) {
          throw new MediaDecodeException(FailureCodes.CORRUPT_IMAGE, ref,
              "WebP is shorter than its RIFF header declares: the file is truncated");
        }
      }
      default -> {
      }
    }
  }
}
