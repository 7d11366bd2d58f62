package dev.mmlake.engine;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.engine.sql.PartitionField;
import dev.mmlake.engine.sql.SqlCreatePartitionedTable;
import dev.mmlake.engine.sql.SqlTypeMapping;
import dev.mmlake.error.ErrorCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.ddl.SqlColumnDeclaration;
import org.apache.calcite.sql.ddl.SqlCreateSchema;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.ddl.SqlDropSchema;
import org.apache.calcite.sql.ddl.SqlDropTable;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * CREATE TABLE, CREATE TABLE AS SELECT, DROP TABLE, CREATE SCHEMA and DROP SCHEMA against the
 * Iceberg catalog. Both CREATE TABLE forms take {@code PARTITIONED BY (...)}
 * ({@link TablePartitioning}). DDL never goes through Calcite's own executor, so it runs exactly once.
 */
final class DdlStatements {
  private final Session session;
  private final Lakehouse lakehouse;

  DdlStatements(Session session) {
    this.session = session;
    this.lakehouse = session.lakehouse();
  }

  /** Creates a table from column declarations; returns a message for the user. */
  String createTable(SqlCreateTable create) {
    TableIdentifier id = identifier(create.name);
    if (lakehouse.catalog().tableExists(id)) {
      if (create.ifNotExists) {
        return "Table " + id + " already exists; nothing to do";
      }
      throw new SqlStatementException(ErrorCode.ALREADY_EXISTS,
          "Table " + id + " already exists; use CREATE TABLE IF NOT EXISTS or DROP TABLE first");
    }
    if (create.columnList == null || create.columnList.isEmpty()) {
      throw new SqlStatementException(ErrorCode.VALIDATION_ERROR,
          "CREATE TABLE " + id + " needs a column list or AS SELECT");
    }
    AtomicInteger ids = new AtomicInteger(1000);
    List<Types.NestedField> fields = new ArrayList<>();
    for (SqlNode n : create.columnList) {
      if (!(n instanceof SqlColumnDeclaration col)) {
        throw new SqlStatementException(ErrorCode.UNSUPPORTED,
            "Table constraints are not supported in CREATE TABLE: " + n);
      }
      boolean nullable = col.dataType.getNullable() == null || col.dataType.getNullable();
      fields.add(Types.NestedField.of(ids.incrementAndGet(), nullable, col.name.getSimple(),
          SqlTypeMapping.fromSpec(col.dataType, ids)));
    }
    Schema schema = new Schema(fields);
    PartitionSpec spec = partitioning(create, id, schema);
    lakehouse.createTable(id, schema, spec);
    session.refreshSchemas();
    return "Created table " + id + (create instanceof SqlCreatePartitionedTable p
        ? " partitioned by (" + String.join(", ", p.partitioning().stream()
            .map(PartitionField::sql).toList()) + ")" : "");
  }

  /**
   * CTAS: creates the table from the query's row type, then inserts the query's rows as one
   * snapshot. If the insert fails the new table is dropped again. Returns the rows of the new
   * table only; rows the query wrote elsewhere (the embedding cache) are side writes.
   */
  long createTableAs(SqlCreateTable create, String sql, RunTracker tracker) throws SQLException {
    TableIdentifier id = identifier(create.name);
    if (lakehouse.catalog().tableExists(id)) {
      if (create.ifNotExists) {
        return 0;
      }
      throw new SqlStatementException(ErrorCode.ALREADY_EXISTS,
          "Table " + id + " already exists; use CREATE TABLE IF NOT EXISTS or DROP TABLE first");
    }
    try (Statement st = session.connection().createStatement();
         ResultSet rs = session.executeQuery(st, sql, create.query)) {
      RelDataType rowType = session.lastRowType();
      AtomicInteger ids = new AtomicInteger(1000);
      List<Types.NestedField> fields = new ArrayList<>();
      for (RelDataTypeField f : rowType.getFieldList()) {
        fields.add(Types.NestedField.of(ids.incrementAndGet(), true, f.getName(),
            SqlTypeMapping.fromRelType(f.getType(), ids)));
      }
      Schema schema = new Schema(fields);
      Table table = lakehouse.createTable(id, schema, partitioning(create, id, schema));
      session.refreshSchemas();
      try {
        tracker.scope().mainTable(id);
        ResultRows.copy(rs, tracker.scope().appender(id, table), table.schema().columns());
        return tracker.commitWrites();
      } catch (SQLException | RuntimeException e) {
        tracker.scope().abort();
        lakehouse.catalog().dropTable(id, true);
        session.refreshSchemas();
        throw e;
      }
    }
  }

  /** The spec of {@code PARTITIONED BY}, or unpartitioned when the statement has none. */
  private static PartitionSpec partitioning(SqlCreateTable create, TableIdentifier id,
      Schema schema) {
    return create instanceof SqlCreatePartitionedTable p
        ? TablePartitioning.spec(id, schema, p.partitioning()) : PartitionSpec.unpartitioned();
  }

  String dropTable(SqlDropTable drop) {
    TableIdentifier id = identifier(drop.name);
    if (!lakehouse.catalog().tableExists(id)) {
      if (drop.ifExists) {
        return "Table " + id + " does not exist; nothing to do";
      }
      throw new SqlStatementException(ErrorCode.NOT_FOUND,
          "Table " + id + " does not exist; use DROP TABLE IF EXISTS to ignore that");
    }
    if (!lakehouse.catalog().dropTable(id, true)) {
      throw new SqlStatementException(ErrorCode.COMMIT_CONFLICT,
          "Table " + id + " could not be dropped (dropped concurrently?)");
    }
    return "Dropped table " + id;
  }

  String createSchema(SqlCreateSchema create) {
    Namespace ns = Namespace.of(create.name.names.toArray(new String[0]));
    if (lakehouse.catalog().namespaceExists(ns)) {
      if (create.ifNotExists) {
        return "Schema " + ns + " already exists; nothing to do";
      }
      throw new SqlStatementException(ErrorCode.ALREADY_EXISTS,
          "Schema " + ns + " already exists");
    }
    lakehouse.catalog().createNamespace(ns);
    session.refreshSchemas();
    return "Created schema " + ns;
  }

  String dropSchema(SqlDropSchema drop) {
    Namespace ns = Namespace.of(drop.name.names.toArray(new String[0]));
    if (!lakehouse.catalog().namespaceExists(ns)) {
      if (drop.ifExists) {
        return "Schema " + ns + " does not exist; nothing to do";
      }
      throw new SqlStatementException(ErrorCode.NOT_FOUND,
          "Schema " + ns + " does not exist");
    }
    if (!lakehouse.catalog().listTables(ns).isEmpty()) {
      throw new SqlStatementException(ErrorCode.VALIDATION_ERROR,
          "Schema " + ns + " is not empty; drop its tables first");
    }
    lakehouse.catalog().dropNamespace(ns);
    session.refreshSchemas();
    return "Dropped schema " + ns;
  }

  /** A table name from SQL; an unqualified name lands in the session's default schema. */
  TableIdentifier identifier(SqlIdentifier name) {
    List<String> parts = name.names;
    if (parts.size() >= 3 && parts.get(0).equalsIgnoreCase(session.catalogName())) {
      parts = parts.subList(1, parts.size()); // three-part name: catalog.namespace.table
    }
    if (parts.size() == 1) {
      return TableIdentifier.of(Namespace.of(session.defaultSchema()), parts.get(0));
    }
    return TableIdentifier.of(Namespace.of(parts.subList(0, parts.size() - 1)
        .toArray(new String[0])), parts.get(parts.size() - 1));
  }
}
