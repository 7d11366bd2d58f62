package dev.mmlake.engine.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.DataTask;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataTableType;
import org.apache.iceberg.MetadataTableUtils;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * One of Iceberg's own metadata tables ({@code t$history}, {@code $snapshots}, {@code $manifests},
 * {@code $partitions}, {@code $files}, ...) as a SQL table with Iceberg's column names. Rows come
 * from the metadata table's scan tasks. Primitive columns and maps of primitives keep their types
 * (timestamps in UTC); structs and lists of structs are shown as text.
 */
final class IcebergMetadataTable extends AbstractTable implements ScannableTable {
  private final Table base;
  private final Table metadata;
  private final List<String> extraColumns;

  /**
   * @param extra extra trailing columns mmlake adds after Iceberg's (only {@code is_current} on
   *     {@code $snapshots})
   */
  IcebergMetadataTable(Table base, MetadataTableType type, List<String> extra) {
    this.metadata = MetadataTableUtils.createMetadataTableInstance(base, type);
    this.extraColumns = extra;
    this.base = base;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    for (Types.NestedField field : metadata.schema().columns()) {
      b.add(field.name(), sqlType(field.type(), field.isOptional(), f));
    }
    if (extraColumns.contains("is_current")) {
      b.add("is_current", SqlTypeName.BOOLEAN);
    }
    return b.build();
  }

  private static RelDataType sqlType(Type type, boolean nullable, RelDataTypeFactory f) {
    RelDataType t;
    if (type.isPrimitiveType()) {
      return IcebergTypes.toCalcite(type, nullable, f);
    } else if (type.isMapType() && type.asMapType().keyType().isPrimitiveType()
        && type.asMapType().valueType().isPrimitiveType()) {
      t = f.createMapType(IcebergTypes.toCalcite(type.asMapType().keyType(), false, f),
          IcebergTypes.toCalcite(type.asMapType().valueType(), true, f));
    } else if (type.isListType() && type.asListType().elementType().isPrimitiveType()) {
      t = f.createArrayType(IcebergTypes.toCalcite(type.asListType().elementType(), true, f), -1);
    } else {
      t = f.createSqlType(SqlTypeName.VARCHAR);
    }
    return f.createTypeWithNullability(t, nullable);
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    List<Types.NestedField> fields = metadata.schema().columns();
    Long current = base.currentSnapshot() == null ? null : base.currentSnapshot().snapshotId();
    int snapshotIdPos = positionOf(fields, "snapshot_id");
    boolean isCurrent = extraColumns.contains("is_current");
    List<Object[]> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = metadata.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        try (CloseableIterable<StructLike> rows = ((DataTask) task).rows()) {
          for (StructLike r : rows) {
            Object[] row = new Object[fields.size() + (isCurrent ? 1 : 0)];
            for (int i = 0; i < fields.size(); i++) {
              row[i] = value(r.get(i, Object.class), fields.get(i).type());
            }
            if (isCurrent) {
              row[fields.size()] = current != null && current.equals(row[snapshotIdPos]);
            }
            out.add(row);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Linq4j.asEnumerable(out);
  }

  private static int positionOf(List<Types.NestedField> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Converts a value of Iceberg's internal representation to Calcite's for {@code type}. */
  private static Object value(Object v, Type type) {
    if (v == null) {
      return null;
    }
    switch (type.typeId()) {
      case TIMESTAMP:
        return TimeUnit.MICROSECONDS.toMillis((Long) v);
      case TIMESTAMP_NANO:
        return TimeUnit.NANOSECONDS.toMillis((Long) v);
      case STRING:
        return v.toString();
      case BINARY:
      case FIXED:
        return v instanceof ByteBuffer bb ? bytes(bb) : new ByteString((byte[]) v);
      case MAP:
        if (type.asMapType().keyType().isPrimitiveType()
            && type.asMapType().valueType().isPrimitiveType()) {
          Map<Object, Object> m = new LinkedHashMap<>();
          for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            m.put(value(e.getKey(), type.asMapType().keyType()),
                value(e.getValue(), type.asMapType().valueType()));
          }
          return m;
        }
        return text(v, type);
      case LIST:
        if (type.asListType().elementType().isPrimitiveType()) {
          List<Object> l = new ArrayList<>();
          for (Object e : (List<?>) v) {
            l.add(value(e, type.asListType().elementType()));
          }
          return l;
        }
        return text(v, type);
      case STRUCT:
        return text(v, type);
      default:
        return IcebergTypes.toCalciteValue(v);
    }
  }

  private static ByteString bytes(ByteBuffer bb) {
    ByteBuffer dup = bb.duplicate();
    byte[] b = new byte[dup.remaining()];
    dup.get(b);
    return new ByteString(b);
  }

  /** A struct as {@code {name=value, ...}}; lists and maps of structs likewise, nested. */
  private static String text(Object v, Type type) {
    if (v == null) {
      return "null";
    }
    if (type.isStructType() && v instanceof StructLike s) {
      StringBuilder sb = new StringBuilder("{");
      List<Types.NestedField> fs = type.asStructType().fields();
      for (int i = 0; i < fs.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(fs.get(i).name()).append('=').append(text(s.get(i, Object.class),
            fs.get(i).type()));
      }
      return sb.append('}').toString();
    }
    if (type.isListType() && v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object e : l) {
        parts.add(text(e, type.asListType().elementType()));
      }
      return parts.toString();
    }
    if (type.isMapType() && v instanceof Map<?, ?> m) {
      Map<String, String> parts = new LinkedHashMap<>();
      m.forEach((k, x) -> parts.put(text(k, type.asMapType().keyType()),
          text(x, type.asMapType().valueType())));
      return parts.toString();
    }
    Object c = value(v, type);
    return String.valueOf(c instanceof ByteString b ? b.toBase64String() : c);
  }
}
