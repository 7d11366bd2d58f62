package dev.mmlake.engine.iceberg.columnar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.ParquetDecodingException;

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
  /** Levels of the current page not yet used ({@link #read(FlatColumnPages, int)}). */
  private final int[] rep = new int[LEVELS];
  private final int[] def = new int[LEVELS];
  private int levelPos;
  private int levelEnd;
  private static final int LEVELS = 8192;

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
    levelPos = 0;
    levelEnd = 0;
  }

  /** Float lists (embeddings) are read from their pages; other elements by Parquet's reader. */
  @Override
  boolean readsPages() {
    return element == Element.FLOAT;
  }

  @Override
  void read(FlatColumnPages pages, int rows) {
    ensureNulls(rows);
    if (values.length < rows) {
      values = new Object[Math.max(rows, values.length * 2)];
    }
    for (int i = 0; i < rows; i++) {
      if (!levels(pages)) {
        throw new ParquetDecodingException(
            "The list column has fewer rows than its row group");
      }
      int d = def[levelPos];
      if (d < nonEmptyList) {
        nulls[i] = d < definedList;
        values[i] = nulls[i] ? null : new FloatArrayList(new float[0]);
        levelPos++;
        continue;
      }
      nulls[i] = false;
      values[i] = readFloats(pages);
    }
  }

  /** True when a level is left to read, loading the next run of levels if need be. */
  private boolean levels(FlatColumnPages pages) {
    if (levelPos == levelEnd) {
      levelEnd = pages.nextLevels(rep, def, LEVELS);
      levelPos = 0;
    }
    return levelPos < levelEnd;
  }

  /** The elements of the list that starts at the current level, across level runs and pages. */
  private List<Float> readFloats(FlatColumnPages pages) {
    int n = 0;
    List<Integer> nullAt = null;
    boolean first = true;
    while (levels(pages) && (first || rep[levelPos] != 0)) {
      // the elements of this row within the current run of levels
      int end = levelPos + 1;
      while (end < levelEnd && rep[end] != 0) {
        end++;
      }
      int count = end - levelPos;
      if (n + count > floats.length) {
        floats = Arrays.copyOf(floats, Math.max(n + count, floats.length * 2));
      }
      int present = 0;
      for (int p = levelPos; p < end; p++) {
        if (def[p] == definedElement) {
          present++;
        } else {
          nullAt = nullAt == null ? new ArrayList<>() : nullAt;
          nullAt.add(n + p - levelPos);
        }
      }
      pages.readFloats(floats, n, present);
      if (present < count) {
        // spread the values over the defined elements, from the back
        for (int p = end - 1, v = n + present - 1; p >= levelPos; p--) {
          floats[n + p - levelPos] = def[p] == definedElement ? floats[v--] : 0f;
        }
      }
      n += count;
      levelPos = end;
      first = false;
    }
    return floatList(n, nullAt);
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
    return floatList(n, nullAt);
  }

  /** {@code floats[0..n)} as a row's list; elements at {@code nullAt} (null: none) are null. */
  private List<Float> floatList(int n, List<Integer> nullAt) {
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
