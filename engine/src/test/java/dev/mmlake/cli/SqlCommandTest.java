package dev.mmlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code mmlake sql} command: output, script errors with file lines, exit codes. */
class SqlCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {
  }

  private Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.commandLine().setOut(new PrintWriter(System.out, true))
          .setErr(new PrintWriter(System.err, true)).execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void scriptStopsAtFirstErrorWithItsFileLineAndExitCodeOne() throws Exception {
    String home = dir.resolve("lh").toString();
    Path script = dir.resolve("s.sql");
    Files.writeString(script, "-- a script\nCREATE TABLE lake.t (x INTEGER);\n"
        + "INSERT INTO lake.t VALUES (1);\n\nSELECT nope\nFROM lake.t;\nINSERT INTO lake.t VALUES (2);\n");
    Run r = run("sql", "--home", home, "-f", script.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("s.sql, line 5, column 8").contains("nope")
        .doesNotContain("at dev.mmlake");

    Run q = run("sql", "--home", home, "--format", "csv", "SELECT x FROM lake.t");
    assertThat(q.code()).isZero();
    assertThat(q.out()).contains("x\n1\n").doesNotContain("2\n");

    Run bad = run("sql", "--home", home, "SELECT * FORM lake.t");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("Error: At line 1, column 15");

    Run json = run("sql", "--home", home, "--format", "json", "SELECT x, 'é' AS s FROM lake.t");
    assertThat(json.out()).contains("{\"x\":1,\"s\":\"é\"}");
  }
}
