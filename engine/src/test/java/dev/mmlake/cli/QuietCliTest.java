package dev.mmlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quiet by default: a successful statement that loads a model writes nothing to stderr. */
class QuietCliTest {
  @TempDir Path dir;

  @Test
  void embedTextThroughTheCliWritesOnlyTheResult() throws Exception {
    CliRun r = CliRun.run("sql", "--home", dir.resolve("lh").toString(), "--format", "json",
        "SELECT EMBED_TEXT('a photo of a cat') AS v");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    JsonNode rows = new ObjectMapper().readTree(r.out());
    assertThat(rows.size()).isEqualTo(1);
    assertThat(rows.get(0).get("v").size()).isEqualTo(384);
  }
}
