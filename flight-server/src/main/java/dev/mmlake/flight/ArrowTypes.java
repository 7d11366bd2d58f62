package dev.mmlake.flight;

import java.sql.ParameterMetaData;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types.DecimalType;
import org.apache.iceberg.types.Types.ListType;

/**
 * SQL types (as JDBC metadata or Iceberg types) to Arrow fields. Every field carries Flight SQL
 * column metadata, including the SQL type name: an array of floats is {@code List<Float4>} in
 * Arrow and {@code REAL ARRAY} as its type name, so clients see the element type.
 *
 * <p>TIMESTAMP is millisecond wall time without zone, DATE is days, DECIMAL is 128-bit.
 */
final class ArrowTypes {
  static final String CATALOG = "mmlake";
  private static final String ARRAY_SUFFIX = " ARRAY";

  private ArrowTypes() {
  }

  /** A SQL type as JDBC describes it. {@code typeName} like {@code REAL ARRAY} names elements. */
  record SqlType(int jdbcType, String typeName, int precision, int scale) {
    boolean isArray() {
      return jdbcType == Types.ARRAY;
    }

    /** The element type of an ARRAY, parsed from its type name. */
    SqlType element() {
      String name = typeName.toUpperCase(Locale.ROOT).strip();
      String inner = name.endsWith(ARRAY_SUFFIX)
          ? name.substring(0, name.length() - ARRAY_SUFFIX.length()).strip() : "VARCHAR";
      if (inner.endsWith(ARRAY_SUFFIX)) {
        return new SqlType(Types.ARRAY, inner, 0, 0);
      }
      int precision = 0;
      int scale = 0;
      int paren = inner.indexOf('(');
      if (paren > 0) {
        String[] ps = inner.substring(paren + 1, inner.indexOf(')', paren)).split(",");
        precision = Integer.parseInt(ps[0].strip());
        scale = ps.length > 1 ? Integer.parseInt(ps[1].strip()) : 0;
        inner = inner.substring(0, paren).strip();
      }
      return new SqlType(jdbcTypeOf(inner), inner, precision, scale);
    }
  }

  /** The Arrow schema of a query result. */
  static Schema schema(ResultSetMetaData md) throws SQLException {
    List<Field> fields = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      SqlType t = new SqlType(md.getColumnType(i), md.getColumnTypeName(i), md.getPrecision(i),
          md.getScale(i));
      boolean nullable = md.isNullable(i) != ResultSetMetaData.columnNoNulls;
      fields.add(field(md.getColumnLabel(i), t, nullable, md.getSchemaName(i), md.getTableName(i)));
    }
    return new Schema(fields);
  }

  /** The Arrow schema of a statement's {@code ?} parameters, named {@code p1, p2, ...}. */
  static Schema parameters(ParameterMetaData md) throws SQLException {
    List<Field> fields = new ArrayList<>();
    for (int i = 1; md != null && i <= md.getParameterCount(); i++) {
      SqlType t = new SqlType(md.getParameterType(i), md.getParameterTypeName(i),
          md.getPrecision(i), md.getScale(i));
      fields.add(field("p" + i, t, true, null, null));
    }
    return new Schema(fields);
  }

  /** The Arrow field of an Iceberg column, for table schemas in metadata calls. */
  static Field field(String name, Type type, boolean nullable, String schema, String table) {
    return field(name, sqlType(type), nullable, schema, table);
  }

  static SqlType sqlType(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> new SqlType(Types.BOOLEAN, "BOOLEAN", 1, 0);
      case INTEGER -> new SqlType(Types.INTEGER, "INTEGER", 10, 0);
      case LONG -> new SqlType(Types.BIGINT, "BIGINT", 19, 0);
      case FLOAT -> new SqlType(Types.REAL, "REAL", 7, 0);
      case DOUBLE -> new SqlType(Types.DOUBLE, "DOUBLE", 15, 0);
      case DATE -> new SqlType(Types.DATE, "DATE", 0, 0);
      case TIME -> new SqlType(Types.TIME, "TIME", 0, 0);
      case TIMESTAMP, TIMESTAMP_NANO -> new SqlType(Types.TIMESTAMP, "TIMESTAMP", 3, 0);
      case BINARY, FIXED -> new SqlType(Types.VARBINARY, "VARBINARY", 0, 0);
      case DECIMAL -> {
        var d = (DecimalType) type;
        yield new SqlType(Types.DECIMAL, "DECIMAL", d.precision(), d.scale());
      }
      case LIST -> {
        Type element = ((ListType) type).elementType();
        SqlType e = sqlType(element);
        String elementName = e.jdbcType() == Types.DECIMAL
            ? "DECIMAL(" + e.precision() + ", " + e.scale() + ")" : e.typeName();
        yield new SqlType(Types.ARRAY, elementName + ARRAY_SUFFIX, 0, 0);
      }
      default -> new SqlType(Types.VARCHAR, "VARCHAR", 0, 0);
    };
  }

  static Field field(String name, SqlType t, boolean nullable, String schema, String table) {
    FlightSqlColumnMetadata.Builder meta = new FlightSqlColumnMetadata.Builder()
        .typeName(t.typeName())
        .catalogName(CATALOG)
        .isAutoIncrement(false)
        .isCaseSensitive(t.jdbcType() == Types.VARCHAR || t.jdbcType() == Types.CHAR)
        .isReadOnly(true)
        .isSearchable(!t.isArray());
    if (t.precision() > 0) {
      meta.precision(t.precision());
    }
    if (t.scale() > 0) {
      meta.scale(t.scale());
    }
    if (schema != null && !schema.isEmpty()) {
      meta.schemaName(schema);
    }
    if (table != null && !table.isEmpty()) {
      meta.tableName(table);
    }
    Map<String, String> metadata = meta.build().getMetadataMap();
    List<Field> children = null;
    if (t.isArray()) {
      SqlType e = t.element();
      children = List.of(field("item", e, true, null, null));
    }
    return new Field(name, new FieldType(nullable, arrowType(t), null, metadata), children);
  }

  static ArrowType arrowType(SqlType t) {
    return switch (t.jdbcType()) {
      case Types.BOOLEAN, Types.BIT -> ArrowType.Bool.INSTANCE;
      case Types.TINYINT -> new ArrowType.Int(8, true);
      case Types.SMALLINT -> new ArrowType.Int(16, true);
      case Types.INTEGER -> new ArrowType.Int(32, true);
      case Types.BIGINT -> new ArrowType.Int(64, true);
      case Types.REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case Types.FLOAT, Types.DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case Types.DECIMAL, Types.NUMERIC -> new ArrowType.Decimal(
          t.precision() > 0 ? Math.min(t.precision(), 38) : 38, Math.max(t.scale(), 0), 128);
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> ArrowType.Binary.INSTANCE;
      case Types.DATE -> new ArrowType.Date(DateUnit.DAY);
      case Types.TIME -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
      case Types.TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
      case Types.TIMESTAMP_WITH_TIMEZONE -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
      case Types.ARRAY -> ArrowType.List.INSTANCE;
      default -> ArrowType.Utf8.INSTANCE;
    };
  }

  /** The java.sql.Types code of a SQL type name such as {@code REAL} or {@code VARCHAR}. */
  static int jdbcTypeOf(String name) {
    return switch (name) {
      case "BOOLEAN" -> Types.BOOLEAN;
      case "TINYINT" -> Types.TINYINT;
      case "SMALLINT" -> Types.SMALLINT;
      case "INTEGER", "INT" -> Types.INTEGER;
      case "BIGINT" -> Types.BIGINT;
      case "REAL" -> Types.REAL;
      case "FLOAT" -> Types.FLOAT;
      case "DOUBLE" -> Types.DOUBLE;
      case "DECIMAL" -> Types.DECIMAL;
      case "BINARY", "VARBINARY" -> Types.VARBINARY;
      case "DATE" -> Types.DATE;
      case "TIME" -> Types.TIME;
      case "TIMESTAMP" -> Types.TIMESTAMP;
      default -> Types.VARCHAR;
    };
  }
}
