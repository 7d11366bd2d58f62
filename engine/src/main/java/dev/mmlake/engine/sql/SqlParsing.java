package dev.mmlake.engine.sql;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
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

  public static SqlNode parse(String sql) throws SqlParseException {
    return SqlParser.create(sql, CONFIG).parseStmt();
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
