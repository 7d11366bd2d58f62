package dev.mmlake.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.PairList;
import dev.mmlake.error.ErrorCode;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds named ONNX inputs in the order the model declares them, and reads named outputs. */
final class OnnxInputs {
  private OnnxInputs() {
  }

  static NDArray longs(NDManager m, String name, long[] data, long... shape) {
    NDArray a = m.create(LongBuffer.wrap(data), new Shape(shape), DataType.INT64);
    a.setName(name);
    return a;
  }

  static NDArray floats(NDManager m, String name, float[] data, long... shape) {
    NDArray a = m.create(FloatBuffer.wrap(data), new Shape(shape), DataType.FLOAT32);
    a.setName(name);
    return a;
  }

  /**
   * Orders {@code available} by the model's declared inputs; a declared input we cannot provide
   * is an error naming it, an available one the model does not declare is left out.
   */
  static NDList ordered(TranslatorContext ctx, Map<String, NDArray> available) {
    PairList<String, Shape> declared = ctx.getModel().describeInput();
    if (declared == null || declared.isEmpty()) {
      return new NDList(available.values());
    }
    List<NDArray> out = new ArrayList<>();
    for (String name : declared.keys()) {
      NDArray a = available.get(name);
      if (a == null) {
        throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
            "Model %s needs input '%s'; mmlake provides %s. Export the model "
            + "with those inputs (docs/models.md)", ctx.getModel().getName(), name,
            available.keySet());
      }
      out.add(a);
    }
    return new NDList(out);
  }

  /** The output called {@code name}, else the only/first output. */
  static NDArray output(NDList outputs, String name) {
    NDArray named = outputs.get(name);
    return named != null ? named : outputs.get(0);
  }
}
