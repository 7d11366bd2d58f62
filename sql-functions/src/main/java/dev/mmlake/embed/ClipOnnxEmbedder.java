package dev.mmlake.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.mmlake.error.ErrorCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * A two-tower CLIP export on ONNX Runtime: {@code text_model.onnx} (input_ids, attention_mask ->
 * text_embeds) and {@code vision_model.onnx} (pixel_values -> image_embeds), with the HF
 * {@code tokenizer.json} and {@link ClipConfig}. Texts are truncated to {@code context_length}
 * tokens (special tokens included) and right-padded with {@code pad_token_id} and mask 0.
 */
public final class ClipOnnxEmbedder extends OnnxEmbedder implements ClipEmbedder {
  private final ClipConfig config;
  private final ClipImagePreprocessor preprocessor;
  private final HuggingFaceTokenizer tokenizer;
  private final PredictorPool<TokenBatch, float[][]> textPool;
  private final PredictorPool<PixelBatch, float[][]> visionPool;

  public ClipOnnxEmbedder(ModelSpec spec, EmbedConfig embedConfig) {
    super(spec, embedConfig);
    if (!ModelSpec.TEXT_IMAGE.equals(spec.modality())) {
      throw new EmbedException(ErrorCode.INVALID_ARGUMENT,
          "Model %s is a %s model, not a CLIP", spec.key(), spec.modality());
    }
    this.config = ClipConfig.load(spec.location());
    this.preprocessor = new ClipImagePreprocessor(config);
    this.tokenizer = tokenizer(spec.location().resolve(ClipConfig.TOKENIZER), Map.of(
        "padding", "false", "truncation", "true",
        "maxLength", Integer.toString(config.contextLength())));
    PredictorPool<TokenBatch, float[][]> text = null;
    try {
      text = load(ClipConfig.TEXT_MODEL, TokenBatch.class, float[][].class,
          new ClipTextTranslator());
      this.visionPool = load(ClipConfig.VISION_MODEL, PixelBatch.class, float[][].class,
          new ClipImageTranslator());
      this.textPool = text;
    } catch (RuntimeException e) {
      if (text != null) {
        text.close();
      }
      tokenizer.close();
      throw e;
    }
  }

  /** The model's preprocessing settings. */
  public ClipConfig config() {
    return config;
  }

  /** Token ids as the text tower sees them (unpadded, after truncation). */
  public List<long[]> tokenIds(List<String> texts) {
    return encode(tokenizer, texts);
  }

  @Override
  public float[][] embedTexts(List<String> texts) {
    if (texts.isEmpty()) {
      return new float[0][];
    }
    return embedTokens(encode(tokenizer, texts), config.padTokenId(), textPool);
  }

  @Override
  public float[][] embedImages(List<BufferedImage> images) {
    float[][] out = new float[images.size()][];
    int size = config.imageSize();
    int per = 3 * size * size;
    for (int from = 0; from < images.size(); from += maxBatch) {
      int to = Math.min(images.size(), from + maxBatch);
      float[] pixels = new float[(to - from) * per];
      int start = from;
      // Resizing dominates for large images: preprocess the batch's images in parallel, each
      // into its own slice of the input tensor.
      IntStream.range(from, to).parallel().forEach(i -> {
        BufferedImage img = images.get(i);
        if (img == null) {
          throw new IllegalArgumentException("image " + i + " is null");
        }
        preprocessor.write(img, pixels, (i - start) * per);
      });
      float[][] vectors = visionPool.predict(new PixelBatch(pixels, to - from, size));
      System.arraycopy(vectors, 0, out, from, to - from);
    }
    return out;
  }

  /** Runs the vision tower on already-normalized {@code [count, 3, size, size]} pixel values. */
  float[][] embedPixelValues(float[] pixelValues, int count) {
    return visionPool.predict(new PixelBatch(pixelValues, count, config.imageSize()));
  }

  @Override
  public float[][] embedImageBytes(List<byte[]> encodedImages) {
    List<BufferedImage> images = new ArrayList<>(encodedImages.size());
    for (int i = 0; i < encodedImages.size(); i++) {
      images.add(decode(encodedImages.get(i), i));
    }
    return embedImages(images);
  }

  private static BufferedImage decode(byte[] bytes, int index) {
    if (bytes == null) {
      throw new IllegalArgumentException("image " + index + " is null");
    }
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      if (img == null) {
        throw new EmbedException(ErrorCode.DECODE_FAILED,
            "Image %d (%d bytes) is not in a format ImageIO can decode "
            + "(JPEG, PNG, GIF, BMP)", index, bytes.length);
      }
      return img;
    } catch (IOException e) {
      throw new EmbedException(ErrorCode.DECODE_FAILED,
          e, "Image %d (%d bytes) cannot be decoded: %s", index,
          bytes.length, e.getMessage());
    }
  }

  @Override
  public float[][] embedVideos(List<List<BufferedImage>> keyframesPerVideo) {
    List<BufferedImage> frames = new ArrayList<>();
    int[] starts = new int[keyframesPerVideo.size() + 1];
    for (int v = 0; v < keyframesPerVideo.size(); v++) {
      List<BufferedImage> kf = keyframesPerVideo.get(v);
      if (kf == null || kf.isEmpty()) {
        throw new IllegalArgumentException("video " + v + " has no keyframes");
      }
      starts[v] = frames.size();
      frames.addAll(kf);
    }
    starts[keyframesPerVideo.size()] = frames.size();
    float[][] frameVectors = embedImages(frames);
    float[][] out = new float[keyframesPerVideo.size()][];
    for (int v = 0; v < out.length; v++) {
      out[v] = Vectors.meanNormalized(frameVectors, starts[v], starts[v + 1]);
    }
    return out;
  }

  @Override
  public void close() {
    textPool.close();
    visionPool.close();
    tokenizer.close();
  }
}
