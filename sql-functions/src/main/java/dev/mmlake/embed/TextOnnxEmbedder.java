package dev.mmlake.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.mmlake.error.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A mean-pooled sentence encoder on ONNX Runtime, e.g. the built-in all-MiniLM-L6-v2 behind
 * {@code EMBED_TEXT}.
 *
 * <p>Truncation follows the model's {@code tokenizer.json}: all-MiniLM-L6-v2's truncates at 128
 * tokens including [CLS] and [SEP], which is exactly what langchain4j's
 * {@code AllMiniLmL6V2EmbeddingModel} computes (sentence-transformers would keep 256). Padding is
 * by mask, so a text's vector does not depend on the batch it runs in. The empty string embeds as
 * "[CLS] [SEP]" (langchain4j rejects it).
 */
public final class TextOnnxEmbedder extends OnnxEmbedder {
  static final int DEFAULT_MAX_TOKENS = 512;
  private final HuggingFaceTokenizer tokenizer;
  private final PredictorPool<TokenBatch, float[][]> pool;

  public TextOnnxEmbedder(ModelSpec spec, EmbedConfig config) {
    super(spec, config);
    if (!ModelSpec.TEXT.equals(spec.modality())) {
      throw new EmbedException(ErrorCode.INVALID_ARGUMENT,
          "Model %s is a %s model, not a text encoder", spec.key(),
          spec.modality());
    }
    this.tokenizer = truncating(spec.location().resolve(TextModelFiles.TOKENIZER));
    try {
      this.pool = load(TextModelFiles.MODEL, TokenBatch.class, float[][].class,
          new MeanPoolTranslator());
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /**
   * The tokenizer with the truncation its {@code tokenizer.json} declares; one that declares none
   * truncates at {@value #DEFAULT_MAX_TOKENS} tokens, BERT's position limit.
   */
  public static HuggingFaceTokenizer truncating(Path file) {
    HuggingFaceTokenizer t = tokenizer(file, Map.of("padding", "false"));
    if (!"DO_NOT_TRUNCATE".equals(t.getTruncation())) {
      return t;
    }
    t.close();
    return tokenizer(file, Map.of("padding", "false", "truncation", "true",
        "maxLength", Integer.toString(DEFAULT_MAX_TOKENS)));
  }

  @Override
  public float[][] embedTexts(List<String> texts) {
    if (texts.isEmpty()) {
      return new float[0][];
    }
    return embedTokens(encode(tokenizer, texts), 0L, pool);
  }

  /** Token ids as the model sees them (after truncation), for tests and diagnostics. */
  public List<long[]> tokenIds(List<String> texts) {
    return encode(tokenizer, texts);
  }

  @Override
  public void close() {
    pool.close();
    tokenizer.close();
  }
}
