package dev.mmlake.console;

import dev.mmlake.engine.Session;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion in the shell: SQL keywords and mmlake's functions, schemas, {@code schema.table}
 * names, and the columns of the tables the statement names so far. Names come from the session's
 * JDBC metadata at each Tab, so tables created in the session are offered too.
 */
final class SqlCompleter implements Completer {
  static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER",
      "HAVING", "LIMIT", "OFFSET", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "ON", "AS", "AND",
      "OR", "NOT", "NULL", "IS", "IN", "LIKE", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END",
      "DISTINCT", "COUNT", "SUM", "AVG", "MIN", "MAX", "CAST", "INSERT", "INTO", "VALUES",
      "CREATE", "TABLE", "SCHEMA", "DROP", "DELETE", "EXPLAIN", "PLAN", "FOR", "WITH", "UNION",
      "ALL", "EXCEPT", "INTERSECT", "ASC", "DESC", "TRUE", "FALSE", "ARRAY", "VARCHAR", "BIGINT",
      "INTEGER", "DOUBLE", "FLOAT", "BOOLEAN", "TIMESTAMP", "VARBINARY", "EMBED_TEXT",
      "EMBED_CLIP", "COSINE_SIMILARITY", "CAS_GET");
  private static final Pattern QUALIFIED = Pattern.compile("\\b([A-Za-z_][\\w]*)\\.([A-Za-z_][\\w]*)");

  private final Session session;

  SqlCompleter(Session session) {
    this.session = session;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    for (String name : names(line.line())) {
      candidates.add(new Candidate(name, name, null, null, null, null, false));
    }
  }

  /** Every completion for a statement whose text so far is {@code buffer}. */
  List<String> names(String buffer) {
    Set<String> out = new LinkedHashSet<>();
    KEYWORDS.forEach(k -> {
      out.add(k);
      out.add(k.toLowerCase(Locale.ROOT));
    });
    try {
      DatabaseMetaData md = session.connection().getMetaData();
      List<String[]> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, null, null, null)) {
        while (rs.next()) {
          String schema = rs.getString("TABLE_SCHEM");
          if (!"metadata".equals(schema)) {
            tables.add(new String[] {schema, rs.getString("TABLE_NAME")});
          }
        }
      }
      for (String[] t : tables) {
        out.add(t[0]);
        out.add(t[0] + "." + t[1]);
      }
      Matcher m = QUALIFIED.matcher(buffer);
      while (m.find()) {
        for (String[] t : tables) {
          if (t[0].equalsIgnoreCase(m.group(1)) && t[1].equalsIgnoreCase(m.group(2))) {
            try (ResultSet rs = md.getColumns(null, t[0], t[1], null)) {
              while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME"));
              }
            }
          }
        }
      }
    } catch (SQLException e) {
      // no names from the catalog this time: keywords still complete
    }
    return new ArrayList<>(out);
  }
}
