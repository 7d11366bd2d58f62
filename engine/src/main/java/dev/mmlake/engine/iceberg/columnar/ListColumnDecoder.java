package dev.mmlake.engine.iceberg.columnar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.column.ColumnReader;

/**
 * A three-level Parquet LIST of primitives (Iceberg {@code list<float|double|int|long|string>}),
 * read from the element column's repetition and definition levels. A float list becomes a
 * {@link FloatArrayList} over one primitive array per row (the embedding vectors of the lake);
 * other element types become lists of Calcite values.
 */
final class ListColumnDecoder extends ColumnDecoder {
  /** The element's stored type. */
  enum Element { FLOAT, DOUBLE, INT, LONG, STRING }

  private final Element element;
  private final int definedList;
  private final int nonEmptyList;
  private final int definedElement;
  private Object[] values = new Object[0];
  private long remaining = -1;
  private float[] floats = new float[512];

  /**
   * @param definedList definition level at which the list itself is not null
   * @param nonEmptyList definition level at which the list has at least one element
   * @param definedElement definition level at which an element is not null
   */
  ListColumnDecoder(Element element, int definedList, int nonEmptyList, int definedElement) {
    this.element = element;
    this.definedList = definedList;
    this.nonEmptyList = nonEmptyList;
    this.definedElement = definedElement;
  }

  @Override
  void startRowGroup() {
    remaining = -1;
  }

  @Override
  void read(ColumnReader reader, int rows) {
    ensureNulls(rows);
    if (values.length < rows) {
      values = new Object[Math.max(rows, values.length * 2)];
    }
    if (remaining < 0) {
      remaining = reader.getTotalValueCount();
    }
    for (int i = 0; i < rows; i++) {
      int d = reader.getCurrentDefinitionLevel();
      if (d < nonEmptyList) {
        nulls[i] = d < definedList;
        values[i] = nulls[i] ? null : element == Element.FLOAT ? new FloatArrayList(new float[0])
            : List.of();
        reader.consume();
        remaining--;
        continue;
      }
      nulls[i] = false;
      values[i] = element == Element.FLOAT ? readFloats(reader, d) : readBoxed(reader, d);
    }
  }

  private List<Float> readFloats(ColumnReader reader, int firstDefinition) {
    int n = 0;
    int d = firstDefinition;
    List<Integer> nullAt = null;
    while (true) {
      if (n == floats.length) {
        floats = Arrays.copyOf(floats, n * 2);
      }
      if (d == definedElement) {
        floats[n++] = reader.getFloat();
      } else {
        nullAt = nullAt == null ? new ArrayList<>() : nullAt;
        nullAt.add(n++);
      }
      reader.consume();
      if (--remaining == 0 || reader.getCurrentRepetitionLevel() == 0) {
        break;
      }
      d = reader.getCurrentDefinitionLevel();
    }
    if (nullAt == null) {
      return new FloatArrayList(Arrays.copyOf(floats, n));
    }
    // a null element cannot live in a primitive array: this row gets a boxed list
    List<Float> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(floats[i]);
    }
    nullAt.forEach(i -> out.set(i, null));
    return out;
  }

  private List<Object> readBoxed(ColumnReader reader, int firstDefinition) {
    List<Object> out = new ArrayList<>();
    int d = firstDefinition;
    while (true) {
      out.add(d == definedElement ? element(reader) : null);
      reader.consume();
      if (--remaining == 0 || reader.getCurrentRepetitionLevel() == 0) {
        break;
      }
      d = reader.getCurrentDefinitionLevel();
    }
    return out;
  }

  private Object element(ColumnReader reader) {
    return switch (element) {
      case FLOAT -> reader.getFloat();
      case DOUBLE -> reader.getDouble();
      case INT -> reader.getInteger();
      case LONG -> reader.getLong();
      case STRING -> reader.getBinary().toStringUsingUTF8();
    };
  }

  @Override
  ColumnVector detach(int rows, int[] selected, int count) {
    Object[] taken = gather(values, selected, count);
    if (selected == null) {
      values = new Object[0];
    }
    return new ColumnVector.Boxed(taken);
  }

  @Override
  Object value(int row) {
    return values[row];
  }
}
