package dev.mmlake.embed;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What the ONNX Runtime embedders share: loading, the invocation counter and text batching. */
abstract class OnnxEmbedder implements Embedder {
  protected final ModelSpec spec;
  protected final int maxBatch;
  protected final int predictors;
  protected final EmbedDevice device;
  protected final AtomicLong invocations = new AtomicLong();

  OnnxEmbedder(ModelSpec spec, EmbedConfig config) {
    this.spec = spec;
    this.maxBatch = config.batchSize();
    this.predictors = config.predictors();
    this.device = config.device();
    if (spec.location() == null) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "Model %s has no model directory on this machine (its registered "
          + "location is gone): register it again from a directory holding the same files",
          spec.key());
    }
  }

  /** Loads one ONNX file with DJL's ONNX Runtime engine, offline, on the configured device. */
  protected <I, O> PredictorPool<I, O> load(String file, Class<I> in, Class<O> out,
      Translator<I, O> translator) {
    Path path = spec.location().resolve(file);
    Criteria<I, O> criteria = Criteria.builder()
        .setTypes(in, out)
        .optModelPath(path)
        .optModelName(file.substring(0, file.length() - ".onnx".length()))
        .optEngine(ModelSpec.ENGINE)
        .optDevice(device.toDjl())
        .optTranslator(translator)
        .build();
    try {
      ZooModel<I, O> model = criteria.loadModel();
      return new PredictorPool<>(model, predictors, invocations);
    } catch (IOException | ModelNotFoundException | MalformedModelException e) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          e, "Cannot load %s of model %s on %s: %s", path, spec.key(), device,
          e.getMessage());
    }
  }

  static HuggingFaceTokenizer tokenizer(Path file, Map<String, String> options) {
    try {
      return HuggingFaceTokenizer.newInstance(file, options);
    } catch (IOException | RuntimeException e) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          e, "Cannot load tokenizer %s: %s", file, e.getMessage());
    }
  }

  /** Token ids per text (special tokens added, truncated as the tokenizer is configured). */
  static List<long[]> encode(HuggingFaceTokenizer tokenizer, List<String> texts) {
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        throw new IllegalArgumentException("text " + i + " is null");
      }
    }
    Encoding[] enc = tokenizer.batchEncode(texts);
    List<long[]> ids = new ArrayList<>(enc.length);
    for (Encoding e : enc) {
      ids.add(e.getIds());
    }
    return ids;
  }

  /**
   * Embeds tokenized texts in chunks of at most {@link #maxBatch}, one model invocation each.
   * Texts are grouped by length first so that a chunk pads little; results are in input order.
   */
  protected float[][] embedTokens(List<long[]> ids, long padId,
      PredictorPool<TokenBatch, float[][]> pool) {
    Integer[] order = new Integer[ids.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> ids.get(i).length));
    float[][] out = new float[ids.size()][];
    for (int from = 0; from < order.length; from += maxBatch) {
      int to = Math.min(order.length, from + maxBatch);
      List<long[]> chunk = new ArrayList<>(to - from);
      for (int k = from; k < to; k++) {
        chunk.add(ids.get(order[k]));
      }
      float[][] vectors = pool.predict(TokenBatch.pad(chunk, padId));
      for (int k = from; k < to; k++) {
        out[order[k]] = vectors[k - from];
      }
    }
    return out;
  }

  @Override
  public String model() {
    return spec.name();
  }

  @Override
  public String version() {
    return spec.version();
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public int dim() {
    return spec.dim();
  }

  @Override
  public int maxBatchSize() {
    return maxBatch;
  }

  @Override
  public long invocations() {
    return invocations.get();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + spec.key() + ", device=" + device + ", batch="
        + maxBatch + "}";
  }
}
