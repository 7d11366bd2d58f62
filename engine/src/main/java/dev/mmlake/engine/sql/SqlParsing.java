package dev.mmlake.engine.sql;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.ddl.SqlDdlParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/** The SQL dialect mmlake accepts: Calcite's DDL parser, case-insensitive, names kept as written. */
public final class SqlParsing {
  public static final SqlParser.Config CONFIG = SqlParser.config()
      .withParserFactory(SqlDdlParserImpl.FACTORY)
      .withQuoting(Quoting.DOUBLE_QUOTE)
      .withUnquotedCasing(Casing.UNCHANGED)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(false)
      .withConformance(SqlConformanceEnum.LENIENT);

  /** Dialect used to turn parsed fragments back into SQL text. */
  public static final SqlDialect DIALECT = SqlDialect.DatabaseProduct.CALCITE.getDialect();

  private SqlParsing() {
  }

  /**
   * Parses one statement. A procedure call, {@code CALL expire_snapshots('lake.items', '7d')},
   * becomes the query {@code SELECT * FROM TABLE(expire_snapshots(...))}: mmlake's procedures are
   * table functions. {@code CREATE TABLE ... PARTITIONED BY (...)} becomes a
   * {@link SqlCreatePartitionedTable} ({@link PartitionClause}).
   */
  public static SqlNode parse(String sql) throws SqlParseException {
    PartitionClause.Peeled partitioned = PartitionClause.peel(sql);
    if (partitioned != null) {
      SqlNode node = SqlParser.create(partitioned.sql(), CONFIG).parseStmt();
      return node instanceof SqlCreateTable create
          ? new SqlCreatePartitionedTable(create, partitioned.fields()) : node;
    }
    SqlNode node = SqlParser.create(sql, CONFIG).parseStmt();
    return node.getKind() == SqlKind.PROCEDURE_CALL ? procedureQuery((SqlCall) node) : node;
  }

  private static SqlNode procedureQuery(SqlCall procedureCall) {
    SqlParserPos pos = procedureCall.getParserPosition();
    SqlCall routine = procedureCall.operand(0);
    SqlIdentifier name = routine.getOperator() instanceof SqlUnresolvedFunction f
        && f.getSqlIdentifier() != null ? f.getSqlIdentifier()
        : new SqlIdentifier(routine.getOperator().getName(), pos);
    SqlCall function = new SqlUnresolvedFunction(name, null, null, null, null,
        SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION)
        .createCall(routine.getFunctionQuantifier(), routine.getParserPosition(),
            routine.getOperandList().toArray(new SqlNode[0]));
    SqlNode from = SqlStdOperatorTable.COLLECTION_TABLE.createCall(pos, function);
    return new SqlSelect(pos, null, SqlNodeList.of(SqlIdentifier.star(pos)), from, null, null,
        null, null, null, null, null, null, null);
  }

  /** The kind of a parsed statement. */
  public static StatementKind kindOf(SqlNode node) {
    SqlKind k = node.getKind();
    if (k == SqlKind.CREATE_TABLE) {
      return ((SqlCreateTable) node).query != null ? StatementKind.CREATE_TABLE_AS
          : StatementKind.CREATE_TABLE;
    }
    if (k.belongsTo(SqlKind.QUERY) || k == SqlKind.ORDER_BY || k == SqlKind.WITH) {
      return StatementKind.QUERY;
    }
    return switch (k) {
      case EXPLAIN -> StatementKind.EXPLAIN;
      case INSERT -> StatementKind.INSERT;
      case DELETE -> StatementKind.DELETE;
      case UPDATE -> StatementKind.UPDATE;
      case MERGE -> StatementKind.MERGE;
      case DROP_TABLE -> StatementKind.DROP_TABLE;
      case CREATE_SCHEMA -> StatementKind.CREATE_SCHEMA;
      case DROP_SCHEMA -> StatementKind.DROP_SCHEMA;
      default -> StatementKind.OTHER;
    };
  }

  /** SQL text of a parsed fragment, in mmlake's dialect. */
  public static String unparse(SqlNode node) {
    return node.toSqlString(DIALECT).getSql();
  }
}
