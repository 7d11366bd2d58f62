package dev.mmlake.engine.shards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.cli.CliRun;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.RecipeRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mmlake shards write|list} end to end. */
class ShardsCliTest {
  @TempDir Path dir;

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

    CliRun write = CliRun.run("shards", "write", "web@v1", out.toString(), "--max-samples", "1",
        "--seed", "3", "--threads", "1", h);
    assertThat(write.code()).isZero();
    assertThat(write.out()).contains("web-v1-000000.tar", "web-v1-000001.tar")
        .contains("Wrote web@v1: 2 shards, 2 samples");
    assertThat(out.resolve("web-v1-index.json")).exists();

    CliRun again = CliRun.run("shards", "write", "web@v1", dir.resolve("elsewhere").toString(),
        "--max-samples", "1", "--seed", "3", h);
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("already written with these options: 2 shards");
    assertThat(dir.resolve("elsewhere")).doesNotExist();

    assertThat(CliRun.run("shards", "list", "web@v1", h).out()).contains("web-v1-000001.tar")
        .contains("2 rows");
    assertThat(CliRun.run("shards", "write", "web", out.toString(), h).code()).isEqualTo(1);
    assertThat(CliRun.run("shards", "write", "web@v1", out.toString(), "--max-mb", "-1", h).code())
        .isEqualTo(1);
    for (String[] help : new String[][] {{"shards", "--help"}, {"shards", "write", "--help"},
        {"shards", "list", "--help"}}) {
      CliRun r = CliRun.run(help);
      assertThat(r.code()).isZero();
      assertThat(r.out()).contains("Usage: mmlake shards");
    }
  }
}
