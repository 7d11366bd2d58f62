package dev.mmlake.engine.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The {@code PARTITIONED BY (col, day(ts), bucket(16, id), ...)} clause of {@code CREATE TABLE},
 * which Calcite's parser does not know. It is peeled off the text before Calcite parses the rest:
 * the clause is blanked out with spaces (line breaks kept), so every position Calcite reports
 * still points into the user's text. The clause may stand anywhere after the table name and
 * before {@code AS query}, as in Spark ({@code CREATE TABLE t (...) PARTITIONED BY (...)}) or
 * {@code CREATE TABLE t PARTITIONED BY (...) AS SELECT ...}.
 *
 * <p>Each entry is a column (identity), or a transform of one column: {@code identity(c)},
 * {@code year(c)}, {@code month(c)}, {@code day(c)}, {@code hour(c)} (plural forms accepted),
 * {@code bucket(N, c)} and {@code truncate(N, c)} (the width may also come second, as in Trino).
 * Names of transforms are case-insensitive; whether they fit the column is checked later,
 * against the table's schema.
 */
public final class PartitionClause {
  /** The statement text with the clause blanked out, and the clause's entries in order. */
  public record Peeled(String sql, List<PartitionField> fields) {
  }

  private final String sql;
  private final List<Token> tokens;
  private int next;

  private PartitionClause(String sql) {
    this.sql = sql;
    this.tokens = new Tokenizer(sql).tokens();
  }

  /**
   * Peels the clause off a {@code CREATE TABLE} statement; null when {@code sql} is not one or
   * has no such clause (the text is then parsed as it is).
   *
   * @throws SqlParseException when the clause is malformed, at the offending token
   */
  public static Peeled peel(String sql) throws SqlParseException {
    return new PartitionClause(sql).peel();
  }

  private Peeled peel() throws SqlParseException {
    if (!isCreateTable()) {
      return null;
    }
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.is("(")) {
        depth++;
      } else if (t.is(")")) {
        depth--;
      } else if (depth == 0 && t.isWord("AS")) {
        return null; // the query follows: the clause would have come before it
      } else if (depth == 0 && t.isWord("PARTITIONED")) {
        next = i + 1;
        expectWord("BY", "PARTITIONED must be followed by BY (column or transform, ...)");
        List<PartitionField> fields = fields();
        int end = tokens.get(next - 1).end;
        return new Peeled(blank(sql, t.start, end), fields);
      }
    }
    return null;
  }

  private boolean isCreateTable() {
    int i = 0;
    if (tokens.size() < 3 || !tokens.get(i++).isWord("CREATE")) {
      return false;
    }
    if (tokens.get(i).isWord("OR") && tokens.size() > i + 2 && tokens.get(i + 1).isWord("REPLACE")) {
      i += 2;
    }
    return tokens.get(i).isWord("TABLE");
  }

  /** {@code ( field [, field]* )}. */
  private List<PartitionField> fields() throws SqlParseException {
    expect("(", "PARTITIONED BY needs a parenthesized list, e.g. PARTITIONED BY (source, day(ts))");
    List<PartitionField> fields = new ArrayList<>();
    do {
      fields.add(field());
    } while (accept(","));
    expect(")", "Expected ',' or ')' in the PARTITIONED BY list");
    return fields;
  }

  /** {@code column}, {@code transform(column)} or {@code transform(N, column)}. */
  private PartitionField field() throws SqlParseException {
    Token name = identifier("Expected a column or a transform such as day(ts) in PARTITIONED BY");
    if (!accept("(")) {
      return new PartitionField("identity", name.name(), null, name.pos(sql));
    }
    if (name.quoted) {
      throw error(name, "A partition transform name is a plain word, not a quoted name: "
          + name.text);
    }
    String transform = name.text.toLowerCase(Locale.ROOT);
    Integer width = null;
    Token column = null;
    do {
      Token arg = take("Expected a column or a number in " + transform + "(...)");
      if (arg.kind == Kind.NUMBER && width == null) {
        width = width(arg);
      } else if ((arg.kind == Kind.WORD || arg.quoted) && column == null) {
        column = arg;
      } else {
        throw error(arg, transform + "(...) takes one column and at most one number, e.g. "
            + "bucket(16, id) or day(ts); got " + arg.text);
      }
    } while (accept(","));
    expect(")", "Expected ')' after the arguments of " + transform + "(...)");
    if (column == null) {
      throw error(name, transform + "(...) needs a column, e.g. " + transform
          + (width != null ? "(" + width + ", id)" : "(ts)"));
    }
    return new PartitionField(transform, column.name(), width, name.pos(sql));
  }

  private Integer width(Token t) throws SqlParseException {
    try {
      return Integer.valueOf(t.text);
    } catch (NumberFormatException e) {
      throw error(t, "The width of a partition transform must be a whole number below 2^31, "
          + "got " + t.text);
    }
  }

  private Token identifier(String message) throws SqlParseException {
    Token t = take(message);
    if (t.kind != Kind.WORD && !t.quoted) {
      throw error(t, message + "; got " + t.text);
    }
    return t;
  }

  private Token take(String message) throws SqlParseException {
    if (next >= tokens.size()) {
      throw new SqlParseException(message + "; the statement ended", end(), null, null, null);
    }
    return tokens.get(next++);
  }

  private void expect(String punct, String message) throws SqlParseException {
    Token t = take(message);
    if (!t.is(punct)) {
      throw error(t, message + "; got " + t.text);
    }
  }

  private void expectWord(String word, String message) throws SqlParseException {
    Token t = take(message);
    if (!t.isWord(word)) {
      throw error(t, message + "; got " + t.text);
    }
  }

  private boolean accept(String punct) {
    if (next < tokens.size() && tokens.get(next).is(punct)) {
      next++;
      return true;
    }
    return false;
  }

  private SqlParseException error(Token t, String message) {
    return new SqlParseException(message, t.pos(sql), null, null, null);
  }

  private SqlParserPos end() {
    return position(sql, sql.length());
  }

  /** {@code sql} with {@code [start, end)} replaced by spaces, line breaks kept. */
  private static String blank(String sql, int start, int end) {
    StringBuilder b = new StringBuilder(sql);
    for (int i = start; i < end; i++) {
      char c = b.charAt(i);
      if (c != '\n' && c != '\r') {
        b.setCharAt(i, ' ');
      }
    }
    return b.toString();
  }

  /** 1-based line and column of {@code offset}, as Calcite's parser counts them. */
  static SqlParserPos position(String sql, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < sql.length(); i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new SqlParserPos(line, column);
  }

  private enum Kind { WORD, NUMBER, PUNCT, STRING }

  /** A token of the statement; quoted identifiers are words with {@code quoted} set. */
  private record Token(Kind kind, String text, boolean quoted, int start, int end) {
    boolean is(String punct) {
      return kind == Kind.PUNCT && text.equals(punct);
    }

    boolean isWord(String word) {
      return kind == Kind.WORD && !quoted && text.equalsIgnoreCase(word);
    }

    /** The name this token spells: a quoted identifier without its quotes. */
    String name() {
      return quoted ? text.substring(1, text.length() - 1).replace("\"\"", "\"") : text;
    }

    SqlParserPos pos(String sql) {
      return position(sql, start);
    }
  }

  /** Splits SQL text into tokens, skipping blanks and comments. */
  private static final class Tokenizer {
    private final String s;
    private int i;

    Tokenizer(String s) {
      this.s = s;
    }

    List<Token> tokens() {
      List<Token> out = new ArrayList<>();
      while (i < s.length()) {
        char c = s.charAt(i);
        int start = i;
        if (Character.isWhitespace(c)) {
          i++;
        } else if (s.startsWith("--", i)) {
          int eol = s.indexOf('\n', i);
          i = eol < 0 ? s.length() : eol + 1;
        } else if (s.startsWith("/*", i)) {
          int close = s.indexOf("*/", i + 2);
          i = close < 0 ? s.length() : close + 2;
        } else if (c == '\'' || c == '"') {
          i = closingQuote(c);
          out.add(new Token(c == '"' ? Kind.WORD : Kind.STRING, s.substring(start, i),
              c == '"', start, i));
        } else if (Character.isLetter(c) || c == '_') {
          while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i))
              || s.charAt(i) == '_' || s.charAt(i) == '$')) {
            i++;
          }
          out.add(new Token(Kind.WORD, s.substring(start, i), false, start, i));
        } else if (Character.isDigit(c)) {
          while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
            i++;
          }
          out.add(new Token(Kind.NUMBER, s.substring(start, i), false, start, i));
        } else {
          i++;
          out.add(new Token(Kind.PUNCT, String.valueOf(c), false, start, i));
        }
      }
      return out;
    }

    /** The offset after the quote that closes the one at {@code i}; a doubled quote is kept. */
    private int closingQuote(char quote) {
      int j = i + 1;
      while (j < s.length()) {
        if (s.charAt(j) == quote) {
          if (j + 1 < s.length() && s.charAt(j + 1) == quote) {
            j += 2;
            continue;
          }
          return j + 1;
        }
        j++;
      }
      return s.length(); // unterminated: Calcite's parser reports it
    }
  }
}
