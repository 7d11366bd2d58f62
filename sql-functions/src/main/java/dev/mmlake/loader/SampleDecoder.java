package dev.mmlake.loader;

import dev.mmlake.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns raw members into arrays: images through OpenCV's {@code imdecode} (libjpeg-turbo, libpng,
 * libwebp) into RGB uint8 HWC, text as UTF-8, {@code .npy} through {@link NpyReader}. Stateless and
 * thread-safe; each worker calls it on its own samples.
 */
final class SampleDecoder {
  private static final String[] IMAGE_EXTS = {"jpg", "jpeg", "png", "webp"};

  private SampleDecoder() {
  }

  static LoaderSample decode(RawSample s, int worker, boolean decode) {
    Map<String, byte[]> m = s.members();
    if (!decode) {
      return new LoaderSample(s.key(), s.shard(), worker, null, null, null, null, m, s.bytes());
    }
    ImageArray image = null;
    for (String ext : IMAGE_EXTS) {
      byte[] b = m.get(ext);
      if (b != null) {
        image = decodeImage(b, s.key() + "." + ext);
        break;
      }
    }
    byte[] txt = m.get("txt");
    byte[] npy = m.get("npy");
    byte[] json = m.get("json");
    return new LoaderSample(s.key(), s.shard(), worker, image,
        txt == null ? null : new String(txt, StandardCharsets.UTF_8),
        npy == null ? null : NpyReader.readFloat32(npy, s.key()),
        json == null ? null : new String(json, StandardCharsets.UTF_8), m, s.bytes());
  }

  /** Decodes an encoded image into RGB HWC bytes. */
  static ImageArray decodeImage(byte[] bytes, String ref) {
    try (BytePointer data = new BytePointer(bytes);
         Mat encoded = new Mat(1, bytes.length, opencv_core.CV_8UC1, data);
         Mat bgr = opencv_imgcodecs.imdecode(encoded, opencv_imgcodecs.IMREAD_COLOR)) {
      if (bgr == null || bgr.empty()) {
        throw new LoaderException(ErrorCode.DECODE_FAILED, "Cannot decode image %s: the decoder "
            + "rejected the data", ref);
      }
      try (Mat rgb = new Mat()) {
        opencv_imgproc.cvtColor(bgr, rgb, opencv_imgproc.COLOR_BGR2RGB);
        int h = rgb.rows();
        int w = rgb.cols();
        byte[] out = new byte[h * w * ImageArray.CHANNELS];
        rgb.data().get(out);
        return new ImageArray(h, w, out);
      }
    } catch (LoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new LoaderException(ErrorCode.DECODE_FAILED, e, "Cannot decode image %s: %s", ref,
          e.getMessage());
    }
  }
}
