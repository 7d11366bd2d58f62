package dev.mmlake.engine.iceberg.columnar;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A read-only {@code List<Float>} over a {@code float[]}: how a scan hands an embedding vector to
 * SQL without boxing each element. Elements are boxed only when someone asks for them;
 * {@link #toFloatArray()} gives the primitive values directly.
 */
public final class FloatArrayList extends AbstractList<Float> implements RandomAccess {
  private final float[] values;

  public FloatArrayList(float[] values) {
    this.values = values;
  }

  @Override
  public Float get(int index) {
    return values[index];
  }

  @Override
  public int size() {
    return values.length;
  }

  /** The elements; callers must not modify the returned array. */
  public float[] toFloatArray() {
    return values;
  }
}
