package dev.mmlake.engine.shards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.cli.Main;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.RecipeRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mmlake shards write|list} end to end. */
class ShardsCliTest {
  @TempDir Path dir;

  private record Run(int code, String out) {
  }

  private static Run cli(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Run(code, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void writeIsIdempotentAndListShowsTheShards() throws Exception {
    Path home = dir.resolve("lh");
    try (Engine e = Engine.open(LakehouseConfig.embedded(home)); Session s = e.newSession("t")) {
      s.execute("INSERT INTO lake.items (id, source, source_id, modality, text, license) VALUES "
          + "('a', 'fineweb', '1', 'text', 'first text', 'odc-by-1.0'), "
          + "('b', 'fineweb', '2', 'text', 'second text', 'odc-by-1.0')").close();
      new RecipeRunner(s).run(Recipe.parse("-- dataset: web\n-- version: v1\n-- parent: none\n"
          + "-- description: two texts\nSELECT * FROM lake.items", null));
    }
    String h = "--home=" + home;
    Path out = dir.resolve("out");

    Run write = cli("shards", "write", "web@v1", out.toString(), "--max-samples", "1",
        "--seed", "3", "--threads", "1", h);
    assertThat(write.code()).isZero();
    assertThat(write.out()).contains("web-v1-000000.tar", "web-v1-000001.tar")
        .contains("Wrote web@v1: 2 shards, 2 samples");
    assertThat(out.resolve("web-v1-index.json")).exists();

    Run again = cli("shards", "write", "web@v1", dir.resolve("elsewhere").toString(),
        "--max-samples", "1", "--seed", "3", h);
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("already written with these options: 2 shards");
    assertThat(dir.resolve("elsewhere")).doesNotExist();

    assertThat(cli("shards", "list", "web@v1", h).out()).contains("web-v1-000001.tar")
        .contains("2 rows");
    assertThat(cli("shards", "write", "web", out.toString(), h).code()).isEqualTo(1);
    assertThat(cli("shards", "write", "web@v1", out.toString(), "--max-mb", "-1", h).code())
        .isEqualTo(1);
    for (String[] help : new String[][] {{"shards", "--help"}, {"shards", "write", "--help"},
        {"shards", "list", "--help"}}) {
      Run r = cli(help);
      assertThat(r.code()).isZero();
      assertThat(r.out()).contains("Usage: mmlake shards");
    }
  }
}
