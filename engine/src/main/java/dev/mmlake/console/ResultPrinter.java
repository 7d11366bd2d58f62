package dev.mmlake.console;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.engine.JdbcValues;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Prints a result set as an aligned table, CSV (RFC 4180), a JSON array or JSON lines.
 *
 * <p>CSV quotes fields per RFC 4180 (lines end with LF). Values: timestamps are ISO-8601 instants in UTC ({@code 2024-05-01T12:00:00Z}), dates
 * {@code 2024-05-01}. CSV and JSON carry full values: arrays as JSON text in CSV and JSON arrays in
 * JSON, VARBINARY as lowercase hex (two digits a byte, no prefix). The table cuts long cells for
 * display and aligns columns by display width (East Asian wide characters count two).
 */
public final class ResultPrinter {
  /** Output formats of {@code mmlake sql --format}. */
  public enum Format { TABLE, CSV, JSON, NDJSON }

  private static final int MAX_CELL = 80;
  private static final ObjectMapper MAPPER = new ObjectMapper();
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
      case JSON -> printJson(rs, names, true);
      case NDJSON -> printJson(rs, names, false);
    };
  }

  private long printTable(ResultSet rs, List<String> names) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    int[] width = names.stream().mapToInt(DisplayWidth::of).toArray();
    while (rs.next()) {
      String[] row = new String[names.size()];
      for (int i = 0; i < row.length; i++) {
        String s = text(rs.getObject(i + 1)).replace('\n', ' ').replace('\r', ' ');
        row[i] = DisplayWidth.truncate(s, MAX_CELL);
        width[i] = Math.max(width[i], DisplayWidth.of(row[i]));
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
      b.append(' ').append(cells[i]).append(" ".repeat(width[i] - DisplayWidth.of(cells[i])))
          .append(" |");
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
        cells.add(v == null ? "" : csv(fullText(v)));
      }
      out.println(String.join(",", cells));
      count++;
    }
    out.flush();
    return count;
  }

  /** A CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF, or is empty. */
  static String csv(String s) {
    if (s.isEmpty()) {
      return "\"\""; // an empty string, told apart from NULL (an empty field)
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  private long printJson(ResultSet rs, List<String> names, boolean array) throws SQLException {
    long count = 0;
    try {
      if (array) {
        out.print('[');
      }
      while (rs.next()) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(w)) {
          g.writeStartObject();
          for (int i = 1; i <= names.size(); i++) {
            g.writeFieldName(names.get(i - 1));
            writeJson(g, rs.getObject(i));
          }
          g.writeEndObject();
        }
        if (array) {
          out.print(count == 0 ? "\n" : ",\n");
          out.print(w);
        } else {
          out.println(w);
        }
        count++;
      }
      if (array) {
        out.println(count == 0 ? "]" : "\n]");
      }
      out.flush();
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
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeJson(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Array || (v.getClass().isArray() && !(v instanceof byte[]))) {
      g.writeStartArray();
      for (Object e : JdbcValues.toList(v)) {
        writeJson(g, e);
      }
      g.writeEndArray();
    } else {
      g.writeString(fullText(v));
    }
  }

  /** A value in full, as CSV and JSON carry it: arrays as JSON text, binary as hex. */
  static String fullText(Object v) throws SQLException {
    if (v instanceof byte[] b) {
      return HexFormat.of().formatHex(b);
    }
    if (v instanceof Array || v instanceof Map<?, ?> || v.getClass().isArray()) {
      StringWriter w = new StringWriter();
      try (JsonGenerator g = MAPPER.getFactory().createGenerator(w)) {
        writeJson(g, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return w.toString();
    }
    return scalar(v);
  }

  private static String scalar(Object v) {
    if (v instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof Date d) {
      return Instant.ofEpochMilli(d.getTime()).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
    if (v instanceof Time t) {
      return LocalTime.ofNanoOfDay(Math.floorMod(t.getTime(), 86_400_000L) * 1_000_000L).toString();
    }
    return v.toString();
  }

  /** A value for the table: binary and long arrays shortened. */
  static String text(Object v) throws SQLException {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof byte[] b) {
      return b.length > 32 ? "x'" + HexFormat.of().formatHex(b, 0, 32) + "...' (" + b.length
          + " bytes)" : "x'" + HexFormat.of().formatHex(b) + "'";
    }
    if (v instanceof Array || (v.getClass().isArray())) {
      Object[] arr = JdbcValues.toList(v).toArray();
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
    return scalar(v);
  }
}
