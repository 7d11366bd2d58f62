package dev.mmlake.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.mmlake.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sentence-encoder I/O: a padded {@link TokenBatch} in ({@code input_ids}, {@code attention_mask},
 * {@code token_type_ids} = 0), token vectors out, mean-pooled over the attention mask and
 * L2-normalized in plain Java. One {@link TokenBatch} is one model invocation.
 */
public final class MeanPoolTranslator implements NoBatchifyTranslator<TokenBatch, float[][]> {
  private static final String MASK_KEY = "attention_mask";

  @Override
  public NDList processInput(TranslatorContext ctx, TokenBatch batch) {
    NDManager m = ctx.getNDManager();
    long rows = batch.rows();
    long len = batch.length();
    Map<String, NDArray> in = new LinkedHashMap<>();
    in.put("input_ids", OnnxInputs.longs(m, "input_ids", batch.flatIds(), rows, len));
    in.put("attention_mask", OnnxInputs.longs(m, "attention_mask", batch.flatMask(), rows, len));
    in.put("token_type_ids", OnnxInputs.longs(m, "token_type_ids", new long[(int) (rows * len)],
        rows, len));
    ctx.setAttachment(MASK_KEY, batch.mask());
    return OnnxInputs.ordered(ctx, in);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    long[][] mask = (long[][]) ctx.getAttachment(MASK_KEY);
    NDArray hidden = OnnxInputs.output(list, "last_hidden_state");
    if (hidden.getShape().dimension() != 3) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "Text model %s returned shape %s; expected token vectors "
          + "[batch, tokens, dim] as its first output", ctx.getModel().getName(),
          hidden.getShape());
    }
    int dim = (int) hidden.getShape().get(2);
    return Vectors.maskedMeanNormalized(hidden.toFloatArray(), mask, dim);
  }
}
