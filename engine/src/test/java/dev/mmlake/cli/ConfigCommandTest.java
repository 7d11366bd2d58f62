package dev.mmlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
  @TempDir Path home;

  private String row(CliRun run, String key) {
    return run.lines().stream().filter(l -> l.startsWith(key + " ")).findFirst().orElseThrow();
  }

  @Test
  void printsEffectiveValuesAndTheirSources() throws Exception {
    Path file = home.resolve("mmlake.properties");
    Files.writeString(file, "embed.batch-size=8\ncatalog.jdbc.password=s3cret\n"
        + "maintain.retainlast=3\n");
    CliRun run = CliRun.run("config", "--home", home.toString(), "--warehouse", "/w");
    assertThat(run.code()).isZero();
    assertThat(run.lines().get(0)).startsWith("KEY").contains("VALUE").endsWith("SOURCE");
    assertThat(row(run, "home")).contains(home.toString()).endsWith("flag");
    assertThat(row(run, "catalog.warehouse")).contains("/w").endsWith("flag");
    assertThat(row(run, "embed.batch-size")).contains(" 8 ").endsWith("file " + file);
    assertThat(row(run, "embed.device")).contains(" cpu ").endsWith("default");
    assertThat(row(run, "cas.root")).contains(home.resolve("cas").toString())
        .endsWith("default");
    assertThat(row(run, "catalog.jdbc.password")).contains("***").doesNotContain("s3cret");
    assertThat(row(run, "maintain.retainlast")).endsWith("(unknown key)");
    assertThat(run.err()).contains("Warning: Unknown setting maintain.retainlast in " + file
        + " (did you mean maintain.retain-last?)");
  }
}
