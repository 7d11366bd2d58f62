package dev.mmlake.engine.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at semicolons outside string literals, quoted identifiers
 * and comments, keeping the line each statement starts on so errors can point into the file.
 */
public final class SqlScript {
  /** One statement of a script and the 1-based line where it starts. */
  public record Statement(String sql, int line) {
  }

  private SqlScript() {
  }

  public static List<Statement> split(String text) {
    List<Statement> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int line = 1;
    int startLine = -1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        int end = text.indexOf('\n', i);
        end = end < 0 ? n : end;
        if (startLine < 0) {
          startLine = line; // the statement's text (and so parser positions) starts here
        }
        cur.append(text, i, end);
        i = end;
        continue;
      }
      if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        String block = text.substring(i, end);
        if (startLine < 0) {
          startLine = line;
        }
        line += count(block);
        cur.append(block);
        i = end;
        continue;
      }
      if (c == '\'' || c == '"') {
        int end = i + 1;
        while (end < n) {
          if (text.charAt(end) == c) {
            if (end + 1 < n && text.charAt(end + 1) == c) {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        end = Math.min(end + 1, n);
        String quoted = text.substring(i, end);
        if (startLine < 0) {
          startLine = line;
        }
        line += count(quoted);
        cur.append(quoted);
        i = end;
        continue;
      }
      if (c == ';') {
        add(out, cur, startLine);
        cur.setLength(0);
        startLine = -1;
        i++;
        continue;
      }
      if (c == '\n') {
        line++;
      } else if (!Character.isWhitespace(c) && startLine < 0) {
        startLine = line;
      }
      cur.append(c);
      i++;
    }
    add(out, cur, startLine);
    return out;
  }

  private static void add(List<Statement> out, StringBuilder cur, int startLine) {
    String sql = stripComments(cur.toString()).strip();
    if (!sql.isEmpty()) {
      out.add(new Statement(cur.toString().strip(), startLine < 0 ? 1 : startLine));
    }
  }

  /** True when the text holds only whitespace and comments. */
  private static String stripComments(String s) {
    return s.replaceAll("(?m)--.*$", "").replaceAll("(?s)/\\*.*?\\*/", "");
  }

  private static int count(String s) {
    int c = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        c++;
      }
    }
    return c;
  }
}
