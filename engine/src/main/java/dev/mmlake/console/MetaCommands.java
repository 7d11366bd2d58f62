package dev.mmlake.console;

import dev.mmlake.engine.Session;
import java.io.PrintStream;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The shell's dot commands: {@code .tables}, {@code .schema <table>}, {@code .help} and
 * {@code .quit} ({@code \q}, {@code exit} and {@code quit} too).
 */
final class MetaCommands {
  static final String HELP = String.join("\n",
      "Statements end with ';' and may span lines. Tab completes keywords, schemas, tables and",
      "the columns of the tables named so far. Ctrl-C cancels the running statement (or clears",
      "the line); Ctrl-D or .quit leaves. History is kept in ~/.mmlake_history.",
      "  .tables            list tables as schema.table",
      "  .schema TABLE      columns and types of TABLE (schema.table; lake. by default)",
      "  .help              this text",
      "  .quit              leave (also \\q, exit, quit)");

  private final Session session;
  private final PrintStream out;

  MetaCommands(Session session, PrintStream out) {
    this.session = session;
    this.out = out;
  }

  /** True for the commands that end the shell. */
  static boolean isQuit(String line) {
    String t = line.strip().toLowerCase(Locale.ROOT);
    return t.equals(".quit") || t.equals(".exit") || t.equals("\\q") || t.equals("exit")
        || t.equals("quit") || t.equals("exit;") || t.equals("quit;");
  }

  /** True when {@code line} is a meta-command (not SQL). */
  static boolean isMeta(String line) {
    String t = line.strip();
    return t.startsWith(".") || t.startsWith("\\");
  }

  /** Runs a meta-command; unknown ones print a hint. */
  void run(String line) throws SQLException {
    String[] parts = line.strip().split("\\s+", 2);
    switch (parts[0]) {
      case ".tables" -> tables();
      case ".schema" -> {
        if (parts.length < 2) {
          out.println("Usage: .schema TABLE");
        } else {
          schema(parts[1].replace(";", "").strip());
        }
      }
      case ".help" -> out.println(HELP);
      default -> out.println("Unknown command " + parts[0] + "; .help lists the commands");
    }
  }

  private void tables() throws SQLException {
    DatabaseMetaData md = session.connection().getMetaData();
    try (ResultSet rs = md.getTables(null, null, null, null)) {
      while (rs.next()) {
        String schema = rs.getString("TABLE_SCHEM");
        if (!"metadata".equals(schema)) {
          out.println(schema + "." + rs.getString("TABLE_NAME"));
        }
      }
    }
  }

  private void schema(String name) throws SQLException {
    int dot = name.indexOf('.');
    String schema = dot < 0 ? session.defaultSchema() : name.substring(0, dot);
    String table = dot < 0 ? name : name.substring(dot + 1);
    DatabaseMetaData md = session.connection().getMetaData();
    int n = 0;
    try (ResultSet rs = md.getColumns(null, schema, table, null)) {
      while (rs.next()) {
        String nullable = rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? " NOT NULL"
            : "";
        out.println("  " + rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME")
            + nullable);
        n++;
      }
    }
    if (n == 0) {
      out.println("No table " + schema + "." + table + "; .tables lists them");
    }
  }
}
