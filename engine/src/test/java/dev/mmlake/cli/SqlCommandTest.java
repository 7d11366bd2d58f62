package dev.mmlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code mmlake sql} command: output, script errors with file lines, exit codes. */
class SqlCommandTest {
  @TempDir Path dir;

  @Test
  void scriptStopsAtFirstErrorWithItsFileLineAndExitCodeOne() throws Exception {
    String home = dir.resolve("lh").toString();
    Path script = dir.resolve("s.sql");
    Files.writeString(script, "-- a script\nCREATE TABLE lake.t (x INTEGER);\n"
        + "INSERT INTO lake.t VALUES (1);\n\nSELECT nope\nFROM lake.t;\nINSERT INTO lake.t VALUES (2);\n");
    CliRun r = CliRun.run("sql", "--home", home, "-f", script.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("s.sql, line 5, column 8").contains("nope")
        .doesNotContain("at dev.mmlake");

    CliRun q = CliRun.run("sql", "--home", home, "--format", "csv", "SELECT x FROM lake.t");
    assertThat(q.code()).isZero();
    assertThat(q.out()).contains("x\n1\n").doesNotContain("2\n");

    CliRun bad = CliRun.run("sql", "--home", home, "SELECT * FORM lake.t");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("Error: At line 1, column 15");

    CliRun json = CliRun.run("sql", "--home", home, "--format", "json", "SELECT x, 'é' AS s FROM lake.t");
    assertThat(json.out()).contains("{\"x\":1,\"s\":\"é\"}");
  }
}
