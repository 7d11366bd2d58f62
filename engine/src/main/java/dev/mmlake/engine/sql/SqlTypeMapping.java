package dev.mmlake.engine.sql;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCollectionTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * SQL column types to Iceberg types, for CREATE TABLE and CTAS. {@code FLOAT} and {@code REAL}
 * both map to Iceberg {@code float} (vectors are {@code FLOAT ARRAY} = {@code list<float>}), and
 * read back as {@code REAL}.
 */
public final class SqlTypeMapping {
  private SqlTypeMapping() {
  }

  /** From a column declaration's type. */
  public static Type fromSpec(SqlDataTypeSpec spec, AtomicInteger ids) {
    return fromNameSpec(spec.getTypeNameSpec(), ids);
  }

  private static Type fromNameSpec(SqlTypeNameSpec spec, AtomicInteger ids) {
    if (spec instanceof SqlCollectionTypeNameSpec c) {
      String collection = c.getTypeName().getSimple();
      if (!"ARRAY".equalsIgnoreCase(collection)) {
        throw unsupported(collection);
      }
      Type element = fromNameSpec(c.getElementTypeName(), ids);
      return Types.ListType.ofOptional(ids.incrementAndGet(), element);
    }
    if (spec instanceof SqlBasicTypeNameSpec b) {
      SqlTypeName name = SqlTypeName.get(b.getTypeName().getSimple().toUpperCase(Locale.ROOT));
      if (name == null) {
        throw unsupported(b.getTypeName().getSimple());
      }
      return primitive(name, b.getPrecision(), b.getScale());
    }
    throw unsupported(spec.getTypeName().getSimple());
  }

  /** From a derived SQL type (CTAS). */
  public static Type fromRelType(RelDataType t, AtomicInteger ids) {
    if (t.getSqlTypeName() == SqlTypeName.ARRAY) {
      RelDataType component = t.getComponentType();
      return Types.ListType.ofOptional(ids.incrementAndGet(), fromRelType(component, ids));
    }
    if (t.getSqlTypeName() == SqlTypeName.MAP) {
      return Types.MapType.ofOptional(ids.incrementAndGet(), ids.incrementAndGet(),
          fromRelType(t.getKeyType(), ids), fromRelType(t.getValueType(), ids));
    }
    return primitive(t.getSqlTypeName(), t.getPrecision(), t.getScale());
  }

  private static Type primitive(SqlTypeName name, int precision, int scale) {
    return switch (name) {
      case BOOLEAN -> Types.BooleanType.get();
      case TINYINT, SMALLINT, INTEGER -> Types.IntegerType.get();
      case BIGINT -> Types.LongType.get();
      case REAL, FLOAT -> Types.FloatType.get();
      case DOUBLE -> Types.DoubleType.get();
      case DECIMAL -> Types.DecimalType.of(precision > 0 ? Math.min(precision, 38) : 38,
          Math.max(scale, 0));
      case CHAR, VARCHAR -> Types.StringType.get();
      case BINARY, VARBINARY -> Types.BinaryType.get();
      case DATE -> Types.DateType.get();
      case TIMESTAMP -> Types.TimestampType.withoutZone();
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> Types.TimestampType.withZone();
      case NULL -> Types.StringType.get();
      default -> throw unsupported(name.getName());
    };
  }

  private static MmlakeException unsupported(String type) {
    return new MmlakeException(ErrorCode.UNSUPPORTED,
        "Column type %s is not supported; use BOOLEAN, INTEGER, BIGINT, REAL/FLOAT, "
            + "DOUBLE, DECIMAL, VARCHAR, VARBINARY, DATE, TIMESTAMP or an ARRAY of these", type);
  }
}
