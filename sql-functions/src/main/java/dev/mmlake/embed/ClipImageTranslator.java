package dev.mmlake.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.Map;

/** CLIP vision tower I/O: {@code pixel_values} in, {@code image_embeds} out, L2-normalized. */
public final class ClipImageTranslator implements NoBatchifyTranslator<PixelBatch, float[][]> {
  @Override
  public NDList processInput(TranslatorContext ctx, PixelBatch batch) {
    NDArray pixels = OnnxInputs.floats(ctx.getNDManager(), "pixel_values", batch.values(),
        batch.count(), 3, batch.size(), batch.size());
    ctx.setAttachment("rows", batch.count());
    return OnnxInputs.ordered(ctx, Map.of("pixel_values", pixels));
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    NDArray out = OnnxInputs.output(list, "image_embeds");
    return Vectors.normalizedRows(out.toFloatArray(), (Integer) ctx.getAttachment("rows"));
  }
}
