package dev.mmlake.console;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.engine.JdbcValues;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Prints a result set as an aligned table, CSV or JSON lines. */
public final class ResultPrinter {
  /** Output formats of {@code mmlake sql --format}. */
  public enum Format { TABLE, CSV, JSON }

  private static final int MAX_CELL = 80;
  private final PrintStream out;
  private final Format format;

  public ResultPrinter(PrintStream out, Format format) {
    this.out = out;
    this.format = format;
  }

  /** Prints all rows; returns the row count. */
  public long print(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      names.add(md.getColumnLabel(i));
    }
    if (format == Format.TABLE && n == 1 && names.get(0).equalsIgnoreCase("PLAN")) {
      long rows = 0;
      while (rs.next()) {
        out.println(rs.getString(1).stripTrailing());
        rows++;
      }
      return rows;
    }
    return switch (format) {
      case TABLE -> printTable(rs, names);
      case CSV -> printCsv(rs, names);
      case JSON -> printJson(rs, names);
    };
  }

  private long printTable(ResultSet rs, List<String> names) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    int[] width = names.stream().mapToInt(String::length).toArray();
    while (rs.next()) {
      String[] row = new String[names.size()];
      for (int i = 0; i < row.length; i++) {
        String s = text(rs.getObject(i + 1));
        if (s.length() > MAX_CELL) {
          s = s.substring(0, MAX_CELL - 3) + "...";
        }
        row[i] = s.replace('\n', ' ');
        width[i] = Math.max(width[i], row[i].length());
      }
      rows.add(row);
    }
    StringBuilder sep = new StringBuilder("+");
    for (int w : width) {
      sep.append("-".repeat(w + 2)).append('+');
    }
    out.println(sep);
    out.println(line(names.toArray(new String[0]), width));
    out.println(sep);
    for (String[] r : rows) {
      out.println(line(r, width));
    }
    out.println(sep);
    out.println(rows.size() + " row" + (rows.size() == 1 ? "" : "s"));
    return rows.size();
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      b.append(' ').append(cells[i]).append(" ".repeat(width[i] - cells[i].length())).append(" |");
    }
    return b.toString();
  }

  private long printCsv(ResultSet rs, List<String> names) throws SQLException {
    out.println(String.join(",", names.stream().map(ResultPrinter::csv).toList()));
    long count = 0;
    while (rs.next()) {
      List<String> cells = new ArrayList<>();
      for (int i = 1; i <= names.size(); i++) {
        Object v = rs.getObject(i);
        cells.add(v == null ? "" : csv(text(v)));
      }
      out.println(String.join(",", cells));
      count++;
    }
    return count;
  }

  private static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  private long printJson(ResultSet rs, List<String> names) throws SQLException {
    ObjectMapper mapper = new ObjectMapper();
    long count = 0;
    try {
      while (rs.next()) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = mapper.getFactory().createGenerator(w)) {
          g.writeStartObject();
          for (int i = 1; i <= names.size(); i++) {
            g.writeFieldName(names.get(i - 1));
            writeJson(g, rs.getObject(i));
          }
          g.writeEndObject();
        }
        out.println(w);
        count++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return count;
  }

  private static void writeJson(JsonGenerator g, Object v) throws IOException, SQLException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Number || v instanceof Boolean) {
      g.writeObject(v);
    } else if (v instanceof Array a) {
      g.writeStartArray();
      for (Object e : JdbcValues.toList(a)) {
        writeJson(g, e);
      }
      g.writeEndArray();
    } else {
      g.writeString(text(v));
    }
  }

  static String text(Object v) throws SQLException {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof byte[] b) {
      return b.length > 32 ? "x'" + HexFormat.of().formatHex(b, 0, 32) + "...' (" + b.length
          + " bytes)" : "x'" + HexFormat.of().formatHex(b) + "'";
    }
    if (v instanceof Array a) {
      Object[] arr = JdbcValues.toList(a).toArray();
      StringBuilder s = new StringBuilder("[");
      for (int i = 0; i < arr.length; i++) {
        if (i > 0) {
          s.append(", ");
        }
        if (i == 8 && arr.length > 10) {
          s.append("... ").append(arr.length - 8).append(" more");
          break;
        }
        s.append(text(arr[i]));
      }
      return s.append(']').toString();
    }
    return v.toString();
  }
}
