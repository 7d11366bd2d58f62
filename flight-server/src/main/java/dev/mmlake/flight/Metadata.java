package dev.mmlake.flight;

import dev.mmlake.catalog.Lakehouse;
import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Answers the Flight SQL metadata commands BI tools and DBeaver call: one catalog
 * ({@value ArrowTypes#CATALOG}), Iceberg namespaces as schemas, tables with their Arrow schema
 * (element types of arrays included), table types, primary keys (none), type info and SqlInfo.
 */
final class Metadata {
  static final String TABLE = "TABLE";
  /** Iceberg views of the catalog, e.g. the {@code bi} views (docs/bi.md). */
  static final String VIEW = "VIEW";
  private static final String VERSION = "0.1.0";

  private final Lakehouse lakehouse;
  private final BufferAllocator allocator;
  private final SqlInfoBuilder readWriteInfo;
  private final SqlInfoBuilder readOnlyInfo;

  Metadata(Lakehouse lakehouse, BufferAllocator allocator) {
    this.lakehouse = lakehouse;
    this.allocator = allocator;
    this.readWriteInfo = sqlInfo(false);
    this.readOnlyInfo = sqlInfo(true);
  }

  private static SqlInfoBuilder sqlInfo(boolean readOnly) {
    return new SqlInfoBuilder()
        .withFlightSqlServerName("mmlake")
        .withFlightSqlServerVersion(VERSION)
        .withFlightSqlServerArrowVersion("18.3.0")
        .withFlightSqlServerReadOnly(readOnly)
        .withFlightSqlServerSql(true)
        .withFlightSqlServerSubstrait(false)
        .withFlightSqlServerTransaction(FlightSql.SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
        .withFlightSqlServerCancel(true)
        .withSqlIdentifierQuoteChar("\"")
        .withSqlIdentifierCase(FlightSql.SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
        .withSqlQuotedIdentifierCase(FlightSql.SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
        .withSqlSearchStringEscape("\\")
        .withSqlSchemaTerm("namespace")
        .withSqlCatalogTerm("catalog")
        .withSqlDdlCatalog(false)
        .withSqlDdlSchema(!readOnly)
        .withSqlDdlTable(!readOnly)
        .withSqlTransactionsSupported(false)
        .withSqlSupportsColumnAliasing(true)
        .withSqlNullPlusNullIsNull(true)
        .withSqlSupportsTableCorrelationNames(true)
        .withSqlSupportsExpressionsInOrderBy(true)
        .withSqlSupportsOrderByUnrelated(true)
        .withSqlSupportsLikeEscapeClause(true)
        .withSqlSupportsNonNullableColumns(true)
        .withSqlCorrelatedSubqueriesSupported(true)
        .withSqlBatchUpdatesSupported(false)
        .withSqlSavepointsSupported(false)
        .withSqlNamedParametersSupported(false)
        .withSqlStoredProceduresSupported(false)
        .withSqlSelectForUpdateSupported(false);
  }

  void sqlInfo(FlightSql.CommandGetSqlInfo command, boolean readOnly, ServerStreamListener l) {
    (readOnly ? readOnlyInfo : readWriteInfo).send(command.getInfoList(), l);
  }

  void catalogs(ServerStreamListener l) {
    send(Schemas.GET_CATALOGS_SCHEMA, l, root -> {
      varchar(root, "catalog_name", 0, ArrowTypes.CATALOG);
      root.setRowCount(1);
    });
  }

  void schemas(FlightSql.CommandGetDbSchemas command, ServerStreamListener l) {
    boolean catalogOk = !command.hasCatalog() || command.getCatalog().equals(ArrowTypes.CATALOG);
    Pattern p = like(command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null);
    List<String> names = new ArrayList<>();
    if (catalogOk) {
      for (Namespace ns : lakehouse.catalog().listNamespaces()) {
        if (p.matcher(ns.toString()).matches()) {
          names.add(ns.toString());
        }
      }
    }
    names.sort(null);
    send(Schemas.GET_SCHEMAS_SCHEMA, l, root -> {
      for (int i = 0; i < names.size(); i++) {
        varchar(root, "catalog_name", i, ArrowTypes.CATALOG);
        varchar(root, "db_schema_name", i, names.get(i));
      }
      root.setRowCount(names.size());
    });
  }

  void tables(FlightSql.CommandGetTables command, ServerStreamListener l) {
    boolean catalogOk = !command.hasCatalog() || command.getCatalog().equals(ArrowTypes.CATALOG);
    boolean typeOk = command.getTableTypesCount() == 0 || command.getTableTypesList().stream()
        .anyMatch(TABLE::equalsIgnoreCase);
    boolean viewOk = command.getTableTypesCount() == 0 || command.getTableTypesList().stream()
        .anyMatch(VIEW::equalsIgnoreCase);
    Pattern schemaP = like(command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null);
    Pattern tableP = like(command.hasTableNameFilterPattern() ? command.getTableNameFilterPattern() : null);
    List<TableIdentifier> ids = new ArrayList<>();
    Set<TableIdentifier> views = new HashSet<>();
    if (catalogOk && (typeOk || viewOk)) {
      for (Namespace ns : lakehouse.catalog().listNamespaces()) {
        if (schemaP.matcher(ns.toString()).matches()) {
          if (typeOk) {
            lakehouse.catalog().listTables(ns).stream()
                .filter(id -> tableP.matcher(id.name()).matches()).forEach(ids::add);
          }
          if (viewOk) {
            lakehouse.catalog().listViews(ns).stream()
                .filter(id -> tableP.matcher(id.name()).matches()).forEach(views::add);
          }
        }
      }
    }
    ids.addAll(views);
    ids.sort((a, b) -> a.toString().compareTo(b.toString()));
    boolean withSchema = command.getIncludeSchema();
    List<byte[]> schemas = new ArrayList<>();
    if (withSchema) {
      for (TableIdentifier id : ids) {
        schemas.add(tableSchema(id).serializeAsMessage());
      }
    }
    send(withSchema ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA, l, root -> {
      for (int i = 0; i < ids.size(); i++) {
        varchar(root, "catalog_name", i, ArrowTypes.CATALOG);
        varchar(root, "db_schema_name", i, ids.get(i).namespace().toString());
        varchar(root, "table_name", i, ids.get(i).name());
        varchar(root, "table_type", i, views.contains(ids.get(i)) ? VIEW : TABLE);
        if (withSchema) {
          ((VarBinaryVector) root.getVector("table_schema")).setSafe(i, schemas.get(i));
        }
      }
      root.setRowCount(ids.size());
    });
  }

  /** The Arrow schema of an Iceberg table, as queries over it return it. */
  Schema tableSchema(TableIdentifier id) {
    // qualified: the Arrow Schema is imported
    org.apache.iceberg.Schema schema = lakehouse.catalog().tableExists(id)
        ? lakehouse.table(id).schema() : lakehouse.catalog().loadView(id).schema();
    List<Field> fields = new ArrayList<>();
    for (NestedField f : schema.columns()) {
      fields.add(ArrowTypes.field(f.name(), f.type(), f.isOptional(), id.namespace().toString(),
          id.name()));
    }
    return new Schema(fields);
  }

  void tableTypes(ServerStreamListener l) {
    send(Schemas.GET_TABLE_TYPES_SCHEMA, l, root -> {
      varchar(root, "table_type", 0, TABLE);
      varchar(root, "table_type", 1, VIEW);
      root.setRowCount(2);
    });
  }

  /** Iceberg tables have no primary keys: always empty, as are foreign-key commands. */
  void empty(Schema schema, ServerStreamListener l) {
    send(schema, l, root -> root.setRowCount(0));
  }

  void typeInfo(FlightSql.CommandGetXdbcTypeInfo command, ServerStreamListener l) {
    Object[][] types = {
        // name, jdbc type, column size, literal prefix/suffix, case sensitive, searchable
        {"BOOLEAN", Types.BOOLEAN, 1, null, null},
        {"INTEGER", Types.INTEGER, 10, null, null},
        {"BIGINT", Types.BIGINT, 19, null, null},
        {"REAL", Types.REAL, 7, null, null},
        {"DOUBLE", Types.DOUBLE, 15, null, null},
        {"DECIMAL", Types.DECIMAL, 38, null, null},
        {"VARCHAR", Types.VARCHAR, Integer.MAX_VALUE, "'", "'"},
        {"VARBINARY", Types.VARBINARY, Integer.MAX_VALUE, "X'", "'"},
        {"DATE", Types.DATE, 10, "DATE '", "'"},
        {"TIMESTAMP", Types.TIMESTAMP, 23, "TIMESTAMP '", "'"},
        {"ARRAY", Types.ARRAY, 0, "ARRAY[", "]"}};
    List<Object[]> rows = new ArrayList<>();
    for (Object[] t : types) {
      if (!command.hasDataType() || command.getDataType() == (int) t[1]) {
        rows.add(t);
      }
    }
    send(Schemas.GET_TYPE_INFO_SCHEMA, l, root -> {
      for (int i = 0; i < rows.size(); i++) {
        Object[] t = rows.get(i);
        int jdbc = (int) t[1];
        varchar(root, "type_name", i, (String) t[0]);
        integer(root, "data_type", i, jdbc);
        integer(root, "column_size", i, (int) t[2]);
        if (t[3] != null) {
          varchar(root, "literal_prefix", i, (String) t[3]);
          varchar(root, "literal_suffix", i, (String) t[4]);
        }
        integer(root, "nullable", i, DatabaseMetaData.typeNullable);
        bit(root, "case_sensitive", i, jdbc == Types.VARCHAR);
        integer(root, "searchable", i, jdbc == Types.ARRAY ? DatabaseMetaData.typePredNone
            : DatabaseMetaData.typeSearchable);
        bit(root, "unsigned_attribute", i, false);
        bit(root, "fixed_prec_scale", i, false);
        bit(root, "auto_increment", i, false);
        varchar(root, "local_type_name", i, (String) t[0]);
        integer(root, "sql_data_type", i, jdbc);
        integer(root, "num_prec_radix", i, 10);
      }
      root.setRowCount(rows.size());
    });
  }

  private void send(Schema schema, ServerStreamListener l, Consumer<VectorSchemaRoot> fill) {
    try (BufferAllocator child = allocator.newChildAllocator("metadata", 0, Long.MAX_VALUE);
         VectorSchemaRoot root = VectorSchemaRoot.create(schema, child)) {
      root.allocateNew();
      fill.accept(root);
      l.start(root);
      l.putNext();
      l.completed();
    }
  }

  private static void varchar(VectorSchemaRoot root, String column, int row, String value) {
    ((VarCharVector) root.getVector(column)).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void integer(VectorSchemaRoot root, String column, int row, int value) {
    ((IntVector) root.getVector(column)).setSafe(row, value);
  }

  private static void bit(VectorSchemaRoot root, String column, int row, boolean value) {
    ((BitVector) root.getVector(column)).setSafe(row, value ? 1 : 0);
  }

  /** A SQL LIKE pattern ({@code %}, {@code _}, {@code \} escapes) as a case-sensitive regex. */
  static Pattern like(String pattern) {
    if (pattern == null) {
      return Pattern.compile("(?s).*");
    }
    StringBuilder re = new StringBuilder("(?s)");
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
