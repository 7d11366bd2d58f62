package dev.mmlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.console.DisplayWidth;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmlake sql} output formats (lossless CSV, JSON arrays, NDJSON, ISO timestamps, aligned
 * CJK tables) and CLI conventions ({@code --version}, {@code -f -}, usage errors exit 64).
 */
class CliOutputFormatTest {
  @TempDir Path dir;

  private String home() {
    return dir.resolve("lh").toString();
  }

  /** Records of an RFC 4180 text: quoted fields may hold commas, quotes, CR and LF. */
  private static List<List<String>> parseCsv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    return records;
  }

  @Test
  void csvCarriesFullArraysBinaryAndQuotedTextLosslessly() throws Exception {
    String floats = IntStream.range(0, 384).mapToObj(i -> (i * 0.25 - 7) + "E0")
        .collect(Collectors.joining(", "));
    byte[] blob = new byte[1024];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) (i * 31 + 7);
    }
    String text = "a \"quoted\", value\r\non two lines";
    String sql = "SELECT ARRAY[" + floats + "] AS v, X'" + HexFormat.of().formatHex(blob)
        + "' AS b, '" + text.replace("'", "''") + "' AS t, '' AS e, CAST(NULL AS VARCHAR) AS n";
    CliRun r = CliRun.run("sql", "--home", home(), "--format", "csv", sql);
    assertThat(r.code()).as(r.err()).isZero();
    List<List<String>> records = parseCsv(r.out());
    assertThat(records).hasSize(2);
    assertThat(records.get(0)).containsExactly("v", "b", "t", "e", "n");
    List<String> row = records.get(1);
    JsonNode v = new ObjectMapper().readTree(row.get(0));
    assertThat(v.isArray()).isTrue();
    assertThat(v.size()).isEqualTo(384);
    for (int i = 0; i < 384; i++) {
      assertThat(v.get(i).asDouble()).isEqualTo(i * 0.25 - 7);
    }
    assertThat(HexFormat.of().parseHex(row.get(1))).isEqualTo(blob);
    assertThat(row.get(2)).isEqualTo(text);
    assertThat(row.get(3)).isEmpty();
    assertThat(r.out()).contains(",\"\",\n"); // the empty string is quoted; NULL is an empty field
  }

  @Test
  void jsonIsOneArrayAndNdjsonOneObjectALine() throws Exception {
    String sql = "SELECT * FROM (VALUES (1, 'é'), (2, 'x\ny')) AS t(x, s)";
    CliRun json = CliRun.run("sql", "--home", home(), "--format", "json", sql);
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode arr = new ObjectMapper().readTree(json.out());
    assertThat(arr.isArray()).isTrue();
    assertThat(arr.size()).isEqualTo(2);
    assertThat(arr.get(0).get("x").asInt()).isEqualTo(1);
    assertThat(arr.get(1).get("s").asText()).isEqualTo("x\ny");

    CliRun empty = CliRun.run("sql", "--home", home(), "--format", "json", sql + " WHERE x > 5");
    assertThat(new ObjectMapper().readTree(empty.out()).size()).isZero();

    CliRun nd = CliRun.run("sql", "--home", home(), "--format", "ndjson", sql);
    List<String> lines = nd.out().lines().toList();
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      assertThat(new ObjectMapper().readTree(line).isObject()).isTrue();
    }
  }

  @Test
  void timestampsAreIsoInstantsInUtcInEveryFormat() {
    String sql = "SELECT TIMESTAMP '2024-05-01 12:34:56' AS ts, DATE '2024-05-01' AS d";
    CliRun csv = CliRun.run("sql", "--home", home(), "--format", "csv", sql);
    assertThat(csv.out()).isEqualTo("ts,d\n2024-05-01T12:34:56Z,2024-05-01\n");
    CliRun json = CliRun.run("sql", "--home", home(), "--format", "json", sql);
    assertThat(json.out()).contains("\"ts\":\"2024-05-01T12:34:56Z\"");
    CliRun table = CliRun.run("sql", "--home", home(), sql);
    assertThat(table.out()).contains("2024-05-01T12:34:56Z");
  }

  @Test
  void tableColumnsAlignByDisplayWidthForCjkText() {
    CliRun r = CliRun.run("sql", "--home", home(),
        "SELECT * FROM (VALUES ('猫の写真', 1), ('a cat', 2), ('고양이 사진', 3)) AS t(caption, n)");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().filter(l -> l.startsWith("|") || l.startsWith("+"))
        .toList();
    assertThat(lines).hasSize(7);
    int width = DisplayWidth.of(lines.get(0));
    for (String line : lines) {
      assertThat(DisplayWidth.of(line)).as(line).isEqualTo(width);
    }
  }

  @Test
  void successfulSqlInAPipeWritesNothingToStderr() {
    CliRun r = CliRun.run("sql", "--home", home(), "SELECT 1 AS x");
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    CliRun q = CliRun.run("--quiet", "sql", "--home", home(), "SELECT 1 AS x");
    assertThat(q.code()).isZero();
    assertThat(q.err()).isEmpty();
  }

  @Test
  void versionComesFromTheBuild() {
    CliRun r = CliRun.run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("mmlake " + BuildVersion.version());
    assertThat(BuildVersion.version()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void scriptFromStdin() {
    CliRun r = CliRun.runWithStdin("CREATE TABLE lake.s (x INTEGER);\nINSERT INTO lake.s VALUES (7);\n"
        + "SELECT x FROM lake.s;\n", "sql", "--home", home(), "--format", "csv", "-f", "-");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("x\n7\n");

    CliRun bad = CliRun.runWithStdin("SELECT 1;\nSELECT nope FROM lake.s;\n", "sql", "--home", home(), "-f", "-");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("<stdin>, line 2");
  }

  @Test
  void usageErrorsAndBareParentCommandsExitUsage() {
    CliRun unknown = CliRun.run("sql", "--no-such-option", "SELECT 1");
    assertThat(unknown.code()).isEqualTo(Main.EX_USAGE).isEqualTo(64);
    assertThat(unknown.err()).contains("Unknown option");

    CliRun bare = CliRun.run();
    assertThat(bare.code()).isEqualTo(64);
    assertThat(bare.err()).contains("Usage: mmlake");

    CliRun parent = CliRun.run("model");
    assertThat(parent.code()).isEqualTo(64);
    assertThat(parent.err()).contains("Usage: mmlake model");

    CliRun help = CliRun.run("--help");
    assertThat(help.code()).isZero();
    CliRun format = CliRun.run("sql", "--home", home(), "--format", "xml", "SELECT 1");
    assertThat(format.code()).as("a bad value the command checks is a user error").isEqualTo(1);
  }
}
