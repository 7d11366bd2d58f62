package dev.mmlake.engine.plan;

import java.io.Reader;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.ddl.SqlDdlParserImpl;

/**
 * A parser that does not parse: it returns the tree mmlake parsed from the same text. Calcite's
 * preparation asks its parser for the statement; this one answers with the handed-over tree.
 */
final class HandedOverParser extends SqlDdlParserImpl {
  private final SqlNode statement;

  HandedOverParser(Reader reader, SqlNode statement) {
    super(reader);
    this.statement = statement;
  }

  @Override
  public SqlNode parseSqlStmtEof() {
    return statement;
  }
}
