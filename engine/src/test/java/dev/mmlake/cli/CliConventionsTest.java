package dev.mmlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Shell completion, --verbose and usage errors of the command line. */
class CliConventionsTest {
  @Test
  void bashCompletionCoversCommandsAndOptions() {
    CliRun r = CliRun.run("completion", "bash");
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("complete -F _complete_mmlake")
        .contains("dataset").contains("config").contains("--format");
  }

  @Test
  void unknownShellIsAUserErrorAndMissingOneAUsageError() {
    assertThat(CliRun.run("completion", "fish").code()).isEqualTo(1);
    assertThat(CliRun.run("completion").code()).isEqualTo(Main.EX_USAGE);
  }

  @Test
  void verboseRaisesTheLogLevel() {
    String key = "org.slf4j.simpleLogger.defaultLogLevel";
    String before = System.getProperty(key);
    try {
      Main.commandLine().parseArgs("--verbose", "config");
      assertThat(System.getProperty(key)).isEqualTo("info");
      assertThat(System.getProperty("org.slf4j.simpleLogger.log.dev.mmlake")).isEqualTo("debug");
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
      System.clearProperty("org.slf4j.simpleLogger.log.dev.mmlake");
    }
  }
}
