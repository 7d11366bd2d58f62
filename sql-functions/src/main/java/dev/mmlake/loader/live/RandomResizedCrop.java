package dev.mmlake.loader.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.loader.ImageArray;
import dev.mmlake.loader.LoaderSample;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * {@code random_crop_v001}: torchvision's {@code RandomResizedCrop(size, scale, ratio)}. Up to ten
 * tries: area = H * W * uniform(scale), aspect = exp(uniform(log ratio)), w = round(sqrt(area *
 * aspect)), h = round(sqrt(area / aspect)); the first box that fits is placed at top =
 * uniform integer in [0, H - h], left in [0, W - w]. If none fits, the centre crop of the largest
 * box whose aspect is within {@code ratio}. The box is then resized to {@code size} with bilinear
 * interpolation (OpenCV {@code INTER_LINEAR}: half-pixel centres, no antialiasing, as torchvision
 * with {@code antialias=False}). Config: {@code size} (required; an integer or [height, width]),
 * {@code scale} (default [0.08, 1.0]), {@code ratio} (default [0.75, 1.3333333333333333]).
 */
public final class RandomResizedCrop extends ConfiguredTransform {
  static final String NAME = "random_crop";
  private final int[] size;
  private final double[] scale;
  private final double[] ratio;

  /** A crop box: top row, left column, height, width. */
  public record Box(int top, int left, int height, int width) {
  }

  RandomResizedCrop(String id, JsonNode given) {
    super(id, "image", given, Set.of("size", "scale", "ratio"));
    LiveConfig c = settings();
    this.size = c.size("size");
    this.scale = c.range("scale", 0.08, 1.0, 1e-6, 1.0);
    this.ratio = c.range("ratio", 3.0 / 4.0, 4.0 / 3.0, 1e-6, 1e6);
  }

  @Override
  public LoaderSample apply(LoaderSample sample, LiveRandom random) {
    ImageArray img = sample.image();
    if (img == null) {
      return sample;
    }
    Box box = box(img.height(), img.width(), random);
    return LiveTransform.withImage(sample, cropResize(img, box, size[0], size[1]));
  }

  /** The crop box for an image of {@code height x width} (torchvision's get_params). */
  public Box box(int height, int width, LiveRandom random) {
    double area = (double) height * width;
    double logLo = Math.log(ratio[0]);
    double logHi = Math.log(ratio[1]);
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * random.uniform(scale[0], scale[1]);
      double aspect = Math.exp(random.uniform(logLo, logHi));
      int w = (int) Math.round(Math.sqrt(target * aspect));
      int h = (int) Math.round(Math.sqrt(target / aspect));
      if (w > 0 && w <= width && h > 0 && h <= height) {
        int top = random.bounded(height - h + 1);
        int left = random.bounded(width - w + 1);
        return new Box(top, left, h, w);
      }
    }
    double inRatio = (double) width / height;
    int w;
    int h;
    if (inRatio < ratio[0]) {
      w = width;
      h = (int) Math.round(w / ratio[0]);
    } else if (inRatio > ratio[1]) {
      h = height;
      w = (int) Math.round(h * ratio[1]);
    } else {
      w = width;
      h = height;
    }
    return new Box((height - h) / 2, (width - w) / 2, h, w);
  }

  /** The pixels of {@code box} resized to {@code outH x outW} (a copy when sizes agree). */
  public static ImageArray cropResize(ImageArray img, Box box, int outH, int outW) {
    byte[] out = new byte[outH * outW * ImageArray.CHANNELS];
    if (box.height() == outH && box.width() == outW) {
      int rowBytes = outW * ImageArray.CHANNELS;
      for (int y = 0; y < outH; y++) {
        System.arraycopy(img.hwc(), ((box.top() + y) * img.width() + box.left())
            * ImageArray.CHANNELS, out, y * rowBytes, rowBytes);
      }
      return new ImageArray(outH, outW, out);
    }
    try (BytePointer data = new BytePointer(img.hwc());
         Mat src = new Mat(img.height(), img.width(), opencv_core.CV_8UC3, data);
         Rect rect = new Rect(box.left(), box.top(), box.width(), box.height());
         Mat roi = new Mat(src, rect);
         Mat dst = new Mat();
         Size dsize = new Size(outW, outH)) {
      opencv_imgproc.resize(roi, dst, dsize, 0, 0, opencv_imgproc.INTER_LINEAR);
      dst.data().get(out);
    }
    return new ImageArray(outH, outW, out);
  }
}
