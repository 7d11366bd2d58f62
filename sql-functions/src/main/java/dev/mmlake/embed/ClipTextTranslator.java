package dev.mmlake.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** CLIP text tower I/O: padded ids + mask in, {@code text_embeds} out, L2-normalized. */
final class ClipTextTranslator implements NoBatchifyTranslator<TokenBatch, float[][]> {
  @Override
  public NDList processInput(TranslatorContext ctx, TokenBatch batch) {
    NDManager m = ctx.getNDManager();
    Map<String, NDArray> in = new LinkedHashMap<>();
    in.put("input_ids", OnnxInputs.longs(m, "input_ids", batch.flatIds(), batch.rows(),
        batch.length()));
    in.put("attention_mask", OnnxInputs.longs(m, "attention_mask", batch.flatMask(), batch.rows(),
        batch.length()));
    ctx.setAttachment("rows", batch.rows());
    return OnnxInputs.ordered(ctx, in);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    NDArray out = OnnxInputs.output(list, "text_embeds");
    return Vectors.normalizedRows(out.toFloatArray(), (Integer) ctx.getAttachment("rows"));
  }
}
