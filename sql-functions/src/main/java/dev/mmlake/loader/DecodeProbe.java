package dev.mmlake.loader;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Measures image decoding on one thread, in images per CPU-second of that thread (= per core,
 * and unaffected by other processes taking turns on the core): JPEG/PNG/WebP bytes to a uint8 RGB
 * CHW array the way the loader decodes them, optionally followed by a resize of the shorter side
 * to {@code size} (bilinear) and a center crop to {@code size x size}.
 */
public final class DecodeProbe {
  /** Keeps the CHW copies observable so that the JIT cannot drop them. */
  private static volatile long sink;

  private DecodeProbe() {
  }

  /** What each image goes through. */
  public enum Mode {
    /** Full-size decode to RGB, then the CHW copy. */
    DECODE("decode to CHW"),
    /** Full-size decode, resize + center crop to size x size, CHW. */
    DECODE_RESIZE("decode + resize/crop to CHW"),
    /** JPEG decoded at the smallest DCT scale (1/2, 1/4, 1/8) still >= size, then as above. */
    REDUCED_DECODE_RESIZE("reduced decode + resize/crop to CHW");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * One measurement: {@code images} decoded in {@code cpuSeconds} of the thread's CPU time
   * ({@code wallSeconds} of wall time); {@code height x width} the output of the last image.
   */
  public record Result(Mode mode, long images, double cpuSeconds, double wallSeconds, int height,
      int width) {
    /** Images per CPU-second of the decoding thread: the per-core rate. */
    public double imagesPerCpuSecond() {
      return images / Math.max(cpuSeconds, 1e-9);
    }
  }

  /**
   * Decodes {@code images} (encoded bytes) in turn, repeating the list until {@code minSeconds}
   * of CPU time have been spent (at least once through); {@code size} is used by the resize
   * modes. Runs on the calling thread.
   */
  public static Result run(List<byte[]> images, Mode mode, int size, double minSeconds) {
    if (images.isEmpty()) {
      throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "No images to decode: the shard set has no .jpg/.jpeg/.png/.webp members");
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpu0 = mx.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    long n = 0;
    int h = 0;
    int w = 0;
    long sum = 0;
    do {
      for (byte[] b : images) {
        ImageArray img = once(b, mode, size);
        sum += img.chw()[0];
        h = img.height();
        w = img.width();
        n++;
      }
    } while ((mx.getCurrentThreadCpuTime() - cpu0) / 1e9 < minSeconds);
    double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
    double wall = (System.nanoTime() - wall0) / 1e9;
    sink = sum;
    return new Result(mode, n, cpu, wall, h, w);
  }

  /**
   * Up to {@code max} encoded images (.jpg/.jpeg/.png/.webp members) of {@code set}: the first
   * ones one worker delivers with seed 0, epoch 0 and no shuffle buffer.
   */
  public static List<byte[]> imagesOf(LoaderShardSet set, int max) {
    List<byte[]> out = new ArrayList<>();
    LoaderConfig raw = new LoaderConfig(0, 0, 1, 1, LoaderConfig.DEFAULT_PREFETCH, false);
    try (ShardLoader loader = ShardLoader.open(set, raw)) {
      LoaderSample s;
      while (out.size() < max && (s = loader.next()) != null) {
        for (String ext : SampleDecoder.IMAGE_EXTS) {
          byte[] b = s.raw().get(ext);
          if (b != null) {
            out.add(b);
            break;
          }
        }
      }
    }
    return out;
  }

  /**
   * The images of {@code images} the decoder accepts (each decoded once); members that are not
   * images in fact (synthetic benchmark blobs, corrupt files) are left out of the probe.
   */
  public static List<byte[]> decodable(List<byte[]> images) {
    List<byte[]> out = new ArrayList<>();
    for (byte[] b : images) {
      try {
        once(b, Mode.DECODE, 0);
        out.add(b);
      } catch (MmlakeException e) {
        // not decodable: not probed
      }
    }
    return out;
  }

  /** One image through {@code mode}, as an HWC array (the probe then takes its CHW copy). */
  static ImageArray once(byte[] bytes, Mode mode, int size) {
    if (mode == Mode.DECODE) {
      return SampleDecoder.decodeImage(bytes, "probe", 0);
    }
    int minSide = mode == Mode.REDUCED_DECODE_RESIZE ? size : 0;
    try (Mat rgb = SampleDecoder.decodeMat(bytes, "probe", minSide)) {
      return resizeCrop(rgb, size);
    }
  }

  /** Shorter side to {@code size} (bilinear), then the center {@code size x size}. */
  static ImageArray resizeCrop(Mat rgb, int size) {
    double scale = (double) size / Math.min(rgb.rows(), rgb.cols());
    int rh = Math.max(size, (int) Math.round(rgb.rows() * scale));
    int rw = Math.max(size, (int) Math.round(rgb.cols() * scale));
    try (Mat resized = new Mat(); Size to = new Size(rw, rh)) {
      opencv_imgproc.resize(rgb, resized, to, 0, 0, opencv_imgproc.INTER_LINEAR);
      try (Rect box = new Rect((rw - size) / 2, (rh - size) / 2, size, size);
           Mat crop = resized.apply(box)) {
        return SampleDecoder.toArray(crop);
      }
    }
  }
}
