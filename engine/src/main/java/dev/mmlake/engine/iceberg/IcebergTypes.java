package dev.mmlake.engine.iceberg;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Maps Iceberg types to Calcite types and converts values between Iceberg's generic
 * representation and Calcite's internal one (TIMESTAMP as epoch millis, DATE as epoch days,
 * VARBINARY as {@link ByteString}, ARRAY as {@link List}).
 */
public final class IcebergTypes {
  private IcebergTypes() {
  }

  /** The Calcite row type of an Iceberg schema. */
  public static RelDataType rowType(Schema schema, RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    for (Types.NestedField field : schema.columns()) {
      b.add(field.name(), toCalcite(field.type(), field.isOptional(), f));
    }
    return b.build();
  }

  static RelDataType toCalcite(Type type, boolean nullable, RelDataTypeFactory f) {
    RelDataType t = switch (type.typeId()) {
      case BOOLEAN -> f.createSqlType(SqlTypeName.BOOLEAN);
      case INTEGER -> f.createSqlType(SqlTypeName.INTEGER);
      case LONG -> f.createSqlType(SqlTypeName.BIGINT);
      case FLOAT -> f.createSqlType(SqlTypeName.REAL);
      case DOUBLE -> f.createSqlType(SqlTypeName.DOUBLE);
      case DATE -> f.createSqlType(SqlTypeName.DATE);
      case TIMESTAMP, TIMESTAMP_NANO -> f.createSqlType(SqlTypeName.TIMESTAMP, 3);
      case STRING, UUID -> f.createSqlType(SqlTypeName.VARCHAR);
      case BINARY, FIXED -> f.createSqlType(SqlTypeName.VARBINARY);
      case DECIMAL -> {
        Types.DecimalType d = (Types.DecimalType) type;
        yield f.createSqlType(SqlTypeName.DECIMAL, d.precision(), d.scale());
      }
      case LIST -> {
        Types.ListType l = (Types.ListType) type;
        yield f.createArrayType(toCalcite(l.elementType(), l.isElementOptional(), f), -1);
      }
      case MAP -> {
        Types.MapType m = (Types.MapType) type;
        yield f.createMapType(toCalcite(m.keyType(), false, f),
            toCalcite(m.valueType(), m.isValueOptional(), f));
      }
      default -> throw new UnsupportedTypeException(
          "Iceberg type " + type + " has no SQL mapping in mmlake; store it as a string or list");
    };
    return f.createTypeWithNullability(t, nullable);
  }

  /**
   * A converter for values of {@code type}, chosen once per column: the identity for types whose
   * Iceberg and Calcite representations agree (numbers, strings, lists of those), so wide scans
   * do not copy vectors element by element.
   */
  public static UnaryOperator<Object> converterFor(Type type) {
    if (needsNoConversion(type)) {
      return v -> v;
    }
    return IcebergTypes::toCalciteValue;
  }

  private static boolean needsNoConversion(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, STRING, DECIMAL -> true;
      case LIST -> needsNoConversion(((Types.ListType) type).elementType());
      default -> false;
    };
  }

  /** Converts an Iceberg generic value to Calcite's internal representation. */
  public static Object toCalciteValue(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof OffsetDateTime odt) {
      return odt.toInstant().toEpochMilli();
    }
    if (v instanceof LocalDateTime ldt) {
      return ldt.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    if (v instanceof LocalDate d) {
      return (int) d.toEpochDay();
    }
    if (v instanceof ByteBuffer bb) {
      ByteBuffer dup = bb.duplicate();
      byte[] bytes = new byte[dup.remaining()];
      dup.get(bytes);
      return new ByteString(bytes);
    }
    if (v instanceof byte[] bytes) {
      return new ByteString(bytes);
    }
    if (v instanceof UUID u) {
      return u.toString();
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object e : list) {
        out.add(toCalciteValue(e));
      }
      return out;
    }
    return v;
  }

  /** Converts a Calcite value (internal or external representation) to Iceberg's for {@code type}. */
  public static Object toIcebergValue(Object v, Type type) {
    if (v == null) {
      return null;
    }
    switch (type.typeId()) {
      case BOOLEAN:
        return v instanceof Boolean ? v : Boolean.valueOf(v.toString());
      case INTEGER:
        return ((Number) v).intValue();
      case LONG:
        return ((Number) v).longValue();
      case FLOAT:
        return ((Number) v).floatValue();
      case DOUBLE:
        return ((Number) v).doubleValue();
      case DECIMAL:
        BigDecimal d = v instanceof BigDecimal bd ? bd : new BigDecimal(v.toString());
        return d.setScale(((Types.DecimalType) type).scale(), RoundingMode.HALF_UP);
      case STRING:
        return v.toString();
      case UUID:
        return UUID.fromString(v.toString());
      case DATE:
        if (v instanceof Number n) {
          return LocalDate.ofEpochDay(n.longValue());
        }
        return v instanceof Date sd ? sd.toLocalDate() : LocalDate.parse(v.toString());
      case TIMESTAMP:
      case TIMESTAMP_NANO:
        Instant instant = toInstant(v);
        return ((Types.TimestampType) type).shouldAdjustToUTC()
            ? instant.atOffset(ZoneOffset.UTC)
            : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
      case BINARY:
      case FIXED:
        byte[] bytes = v instanceof ByteString bs ? bs.getBytes()
            : v instanceof byte[] b ? b : v.toString().getBytes(StandardCharsets.UTF_8);
        return type.typeId() == Type.TypeID.FIXED ? bytes : ByteBuffer.wrap(bytes);
      case LIST:
        Type element = ((Types.ListType) type).elementType();
        List<Object> out = new ArrayList<>();
        for (Object e : asList(v)) {
          out.add(toIcebergValue(e, element));
        }
        return out;
      case MAP:
        Map<Object, Object> m = new LinkedHashMap<>();
        Types.MapType mt = (Types.MapType) type;
        ((Map<?, ?>) v).forEach((k, val) ->
            m.put(toIcebergValue(k, mt.keyType()), toIcebergValue(val, mt.valueType())));
        return m;
      default:
        throw new UnsupportedTypeException("Cannot write a value to Iceberg type " + type);
    }
  }

  private static Instant toInstant(Object v) {
    if (v instanceof Number n) {
      return Instant.ofEpochMilli(n.longValue());
    }
    if (v instanceof Timestamp ts) {
      return ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
    if (v instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (v instanceof Instant i) {
      return i;
    }
    return Timestamp.valueOf(v.toString()).toLocalDateTime().toInstant(ZoneOffset.UTC);
  }

  private static List<?> asList(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof Object[] arr) {
      return Arrays.asList(arr);
    }
    if (v instanceof float[] fa) {
      List<Float> out = new ArrayList<>(fa.length);
      for (float x : fa) {
        out.add(x);
      }
      return out;
    }
    throw new IllegalArgumentException("Expected an array value, got " + v.getClass().getSimpleName());
  }

  /** Thrown for an Iceberg type mmlake cannot expose to SQL ({@link ErrorCode#UNSUPPORTED}). */
  public static final class UnsupportedTypeException extends MmlakeException {
    public UnsupportedTypeException(String message) {
      super(ErrorCode.UNSUPPORTED, message);
    }
  }
}
