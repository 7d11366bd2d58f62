package dev.mmlake.loader;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.media.AudioDecoder;
import dev.mmlake.media.DecodedAudio;
import dev.mmlake.media.MediaDecodeException;
import dev.mmlake.media.MediaLimits;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns raw members into arrays: images through OpenCV's {@code imdecode} (libjpeg-turbo, libpng,
 * libwebp) into RGB uint8 HWC, audio through FFmpeg ({@link AudioDecoder}) into mono float32 at
 * {@value #AUDIO_RATE} Hz, text as UTF-8, {@code .npy} through {@link NpyReader}. Stateless and
 * thread-safe; each worker calls it on its own samples.
 */
final class SampleDecoder {
  static final String[] IMAGE_EXTS = {"jpg", "jpeg", "png", "webp"};
  static final String[] AUDIO_EXTS = {"flac", "wav", "mp3"};
  /** The sample rate every audio member is resampled to (FFmpeg's libswresample). */
  public static final int AUDIO_RATE = 16_000;
  /** Byte, duration and time caps on one audio member: the media defaults. */
  private static final AudioDecoder AUDIO = new AudioDecoder(MediaLimits.DEFAULTS);

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
    AudioArray audio = null;
    for (String ext : AUDIO_EXTS) {
      byte[] b = m.get(ext);
      if (b != null) {
        audio = decodeAudio(b, s.key() + "." + ext);
        break;
      }
    }
    byte[] txt = m.get("txt");
    byte[] npy = m.get("npy");
    byte[] json = m.get("json");
    return new LoaderSample(s.key(), s.shard(), worker, image,
        txt == null ? null : new String(txt, StandardCharsets.UTF_8),
        npy == null ? null : NpyReader.readFloat32(npy, s.key()),
        json == null ? null : new String(json, StandardCharsets.UTF_8), m, s.bytes(), audio);
  }

  /**
   * Decodes an encoded audio member into a mono float32 waveform at {@link #AUDIO_RATE} Hz;
   * audio over the media caps ({@link MediaLimits#DEFAULTS}: size, duration, decode time) or
   * that FFmpeg cannot decode fails naming {@code ref}.
   */
  static AudioArray decodeAudio(byte[] bytes, String ref) {
    try {
      DecodedAudio a = AUDIO.decode(bytes, ref, AUDIO_RATE);
      return new AudioArray(a.sampleRate(), a.samples());
    } catch (MediaDecodeException e) {
      throw new LoaderException(ErrorCode.DECODE_FAILED, e, "Cannot decode audio member: %s (%s)",
          e.getMessage(), e.errorType());
    }
  }

  /** Decodes an encoded image into RGB HWC bytes at full size. */
  static ImageArray decodeImage(byte[] bytes, String ref) {
    return decodeImage(bytes, ref, 0);
  }

  /**
   * Decodes an encoded image into RGB HWC bytes. With {@code minSide > 0} a JPEG is decoded at
   * 1/2, 1/4 or 1/8 scale (libjpeg-turbo's DCT scaling, OpenCV {@code IMREAD_REDUCED_COLOR_*}),
   * the smallest whose shorter side is still at least {@code minSide}: for a model that resizes
   * to {@code minSide} anyway this skips most of the decoding work. OpenCV decodes straight to
   * RGB ({@code IMREAD_COLOR_RGB}) and the pixels are copied once, into the returned array.
   */
  static ImageArray decodeImage(byte[] bytes, String ref, int minSide) {
    try (Mat rgb = decodeMat(bytes, ref, minSide)) {
      return toArray(rgb);
    }
  }

  /** {@link #decodeImage(byte[], String, int)} into an OpenCV Mat (RGB, 8-bit) the caller closes. */
  static Mat decodeMat(byte[] bytes, String ref, int minSide) {
    // the REDUCED_COLOR_n constants carry the BGR bit; the scale bits with COLOR_RGB give RGB
    int flags = opencv_imgcodecs.IMREAD_COLOR_RGB | reduction(bytes, minSide);
    try (BytePointer data = new BytePointer(bytes);
         Mat encoded = new Mat(1, bytes.length, opencv_core.CV_8UC1, data)) {
      Mat rgb = opencv_imgcodecs.imdecode(encoded, flags);
      if (rgb == null || rgb.empty()) {
        if (rgb != null) {
          rgb.close();
        }
        throw new LoaderException(ErrorCode.DECODE_FAILED, "Cannot decode image %s: the decoder "
            + "rejected the data", ref);
      }
      return rgb;
    } catch (LoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new LoaderException(ErrorCode.DECODE_FAILED, e, "Cannot decode image %s: %s", ref,
          e.getMessage());
    }
  }

  /** Copies an 8-bit 3-channel Mat (continuous or not) into a new HWC array. */
  static ImageArray toArray(Mat rgb) {
    int h = rgb.rows();
    int w = rgb.cols();
    int row = w * ImageArray.CHANNELS;
    byte[] out = new byte[h * row];
    if (rgb.isContinuous()) {
      rgb.data().get(out);
    } else {
      BytePointer p = rgb.data();
      long step = rgb.step();
      for (int y = 0; y < h; y++) {
        p.position(y * step).get(out, y * row, row);
      }
      p.position(0);
    }
    return new ImageArray(h, w, out);
  }

  /** The IMREAD_REDUCED scale bits for a JPEG that is at least 2x {@code minSide}, else 0. */
  private static int reduction(byte[] bytes, int minSide) {
    if (minSide <= 0) {
      return 0;
    }
    int[] hw = JpegSize.of(bytes);
    if (hw == null) {
      return 0;
    }
    int shorter = Math.min(hw[0], hw[1]);
    if (shorter >= 8 * minSide) {
      return opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;
    }
    if (shorter >= 4 * minSide) {
      return opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;
    }
    if (shorter >= 2 * minSide) {
      return opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
    }
    return 0;
  }
}
