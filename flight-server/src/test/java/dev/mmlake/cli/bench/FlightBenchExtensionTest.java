package dev.mmlake.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code mmlake bench concurrency} comes from this module (it runs a Flight SQL server and JDBC
 * clients) and sits under the engine's {@code bench} command next to its benchmarks.
 */
class FlightBenchExtensionTest {
  private static String usage(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      assertThat(Main.run(args)).isZero();
    } finally {
      System.setOut(saved);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void concurrencyIsABenchSubcommandWithItsClients() {
    assertThat(usage("bench", "concurrency", "--help"))
        .contains("--clients").contains("--processes").contains("JDBC clients");
    assertThat(usage("bench", "--help")).contains("concurrency").contains("scan");
  }

  @Test
  void badSizesAreAUserError() {
    assertThat(Main.run("bench", "concurrency", "--clients", "0")).isEqualTo(1);
  }
}
