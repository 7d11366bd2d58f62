package dev.mmlake.engine.iceberg.columnar;

import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * Converters that do nothing: Parquet-MR's column store wants a converter tree, but the columnar
 * reader pulls values from the column readers itself and never pushes them into converters.
 */
final class NoOpConverters {
  private NoOpConverters() {
  }

  static GroupConverter forSchema(GroupType group) {
    Converter[] children = new Converter[group.getFieldCount()];
    for (int i = 0; i < children.length; i++) {
      Type t = group.getType(i);
      children[i] = t.isPrimitive() ? new PrimitiveConverter() { } : forSchema(t.asGroupType());
    }
    return new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return children[fieldIndex];
      }

      @Override
      public void start() {
      }

      @Override
      public void end() {
      }
    };
  }
}
