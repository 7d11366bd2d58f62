package dev.mmlake.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Display widths of text, and progress output by where stderr goes. */
class DisplayWidthTest {
  @Test
  void wideCharactersTakeTwoColumnsAndMarksNone() {
    assertThat(DisplayWidth.of("cat")).isEqualTo(3);
    assertThat(DisplayWidth.of("猫と犬")).isEqualTo(6);
    assertThat(DisplayWidth.of("고양이")).isEqualTo(6);
    assertThat(DisplayWidth.of("ＡＢ")).isEqualTo(4);
    assertThat(DisplayWidth.of("e\u0301")).isEqualTo(1);
    assertThat(DisplayWidth.of("\uD840\uDC0B")).isEqualTo(2); // a CJK extension B ideograph
    assertThat(DisplayWidth.truncate("猫猫猫猫猫", 8)).isEqualTo("猫猫...");
    assertThat(DisplayWidth.truncate("short", 8)).isEqualTo("short");
  }

  @Test
  void progressOffATerminalPrintsOnlyTheFinalSummaryLine() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), false);
    for (int i = 0; i <= 10; i++) {
      bar.update("embed", i, 10, 0, 100L * i);
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r").startsWith("embed: 100% 10/10 items");
    assertThat(text.lines().count()).isEqualTo(1);
  }

  @Test
  void quietPrintsNoProgress() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), true);
    ProgressBar.quiet(true);
    try {
      bar.update("embed", 10, 10, 0, 0);
    } finally {
      ProgressBar.quiet(false);
    }
    assertThat(buf.size()).isZero();
  }
}
