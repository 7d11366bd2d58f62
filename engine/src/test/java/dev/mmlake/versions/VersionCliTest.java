package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.cli.CliRun;
import dev.mmlake.demo.Demo;
import dev.mmlake.engine.EmbedSqlTest;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mmlake run} and {@code mmlake version ...} end to end, and the demo step. */
class VersionCliTest {
  @TempDir Path dir;

  @Test
  void runListShowDiffVerify() throws Exception {
    Path home = dir.resolve("lh");
    try (Engine e = Engine.open(LakehouseConfig.embedded(home)); Session s = e.newSession("t")) {
      VersionsTestBase.addItems(s, "coco,1,image,cc-by-4.0,10", "coco,2,image,cc-by-nc-4.0,20");
    }
    Path v1 = Files.writeString(dir.resolve("v001.sql"), VersionsTestBase.header("coco", "v001",
        "none", "") + "SELECT id, source, license FROM lake.items");
    Path v2 = Files.writeString(dir.resolve("v002.sql"), VersionsTestBase.header("coco", "v002",
        "v001", "-- license_policy: permissive, attribution\n")
        + "SELECT * FROM datasets.\"coco@v001\" WHERE license = 'cc-by-4.0'");
    String h = "--home=" + home;

    CliRun run1 = CliRun.run("run", v1.toString(), h);
    assertThat(run1.code()).isZero();
    assertThat(run1.out()).contains("Built coco@v001: 2 rows");
    assertThat(CliRun.run("run", v2.toString(), h).code()).isZero();
    assertThat(CliRun.run("run", v2.toString(), h).code()).isEqualTo(1); // name already used

    assertThat(CliRun.run("dataset", "list", h).out()).contains("coco@v001").contains("coco@v002")
        .contains("2 rows");
    CliRun old = CliRun.run("-q", "version", "list", h);
    assertThat(old.code()).isZero();
    assertThat(old.out()).contains("coco@v002");
    assertThat(old.err()).isEqualTo(
        "Note: `mmlake version` is deprecated; use `mmlake dataset`" + System.lineSeparator());
    CliRun show = CliRun.run("dataset", "show", "coco@v002", h);
    assertThat(show.code()).isZero();
    assertThat(Manifest.parse(show.out()).path("parent").asText()).isEqualTo("coco@v001");
    assertThat(Manifest.parse(show.out()).path("shard_sets").isArray()).isTrue();
    CliRun stored = CliRun.run("dataset", "show", "--stored", "coco@v002", h);
    assertThat(Manifest.parse(stored.out()).has("shard_sets")).isFalse();
    assertThat(Manifest.parse(stored.out()).path("items_digest"))
        .isEqualTo(Manifest.parse(show.out()).path("items_digest"));
    CliRun diff = CliRun.run("dataset", "diff", "coco@v001", "coco@v002", h);
    assertThat(diff.out()).contains("coco@v001 -> coco@v002: 0 added, 1 removed")
        .contains("removed/license");
    CliRun ok = CliRun.run("dataset", "verify", "coco@v002", h);
    assertThat(ok.out()).startsWith("OK coco@v002");
    assertThat(ok.code()).isZero();

    try (Engine e = Engine.open(LakehouseConfig.embedded(home)); Session s = e.newSession("t")) {
      VersionsTestBase.addItems(s, "coco,3,image,cc-by-4.0,30");
    }
    CliRun bad = CliRun.run("dataset", "verify", "coco@v001", h);
    assertThat(bad.out()).startsWith("MISMATCH coco@v001").contains("lake.items");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(CliRun.run("dataset", "show", "coco@v404", h).code()).isEqualTo(1);
    for (String[] help : new String[][] {{"run", "--help"}, {"dataset", "list", "--help"},
        {"dataset", "show", "--help"}, {"dataset", "diff", "--help"},
        {"dataset", "verify", "--help"}, {"dataset", "compare", "--help"},
        {"eval", "run", "--help"}, {"eval", "list", "--help"}}) {
      CliRun r = CliRun.run(help);
      assertThat(r.code()).isZero();
      assertThat(r.out()).contains("Usage: mmlake " + help[0]);
    }
  }

  @Test
  void evalRunCompareAndAFailingGateThroughTheCli() throws Exception {
    Path home = dir.resolve("lh");
    try (Engine e = Engine.open(LakehouseConfig.embedded(home)); Session s = e.newSession("t")) {
      VersionsTestBase.addItems(s, "coco,1,image,cc-by-4.0,10", "coco,2,image,cc-by-nc-4.0,20",
          "coco,3,image,cc-by-4.0,30");
    }
    Path evals = Files.createDirectories(dir.resolve("evals"));
    Files.writeString(evals.resolve("count.sql"), "-- eval: count\n-- version: 1\n"
        + "-- metrics: items\n-- description: items in the version\n"
        + "SELECT 'items' AS metric, CAST(COUNT(*) AS DOUBLE) AS val FROM ${version}");
    String h = "--home=" + home;
    String e = "--evals-dir=" + evals;
    Path v1 = Files.writeString(dir.resolve("v001.sql"), VersionsTestBase.header("coco", "v001",
        "none", "-- evals: count\n") + "SELECT id, source, license FROM lake.items");
    assertThat(CliRun.run("run", v1.toString(), h, e).code()).isZero();
    Path v2 = Files.writeString(dir.resolve("v002.sql"), VersionsTestBase.header("coco", "v002",
        "v001", "-- evals: count\n-- gate: items >= parent\n")
        + "SELECT * FROM datasets.\"coco@v001\" WHERE license = 'cc-by-4.0'");

    CliRun refused = CliRun.run("run", v2.toString(), h, e);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("fails 1 gate(s)").contains("items = 2.0000, bound 3.0000");
    assertThat(CliRun.run("dataset", "list", h).out()).doesNotContain("coco@v002");

    Path v3 = Files.writeString(dir.resolve("v003.sql"), VersionsTestBase.header("coco", "v003",
        "v001", "") + "SELECT * FROM datasets.\"coco@v001\" WHERE license = 'cc-by-4.0'");
    assertThat(CliRun.run("run", v3.toString(), h, e).code()).isZero();
    CliRun eval = CliRun.run("eval", "run", "count", "coco@v003", h, e);
    assertThat(eval.code()).isZero();
    assertThat(eval.out()).contains("items").contains("2.0000");
    CliRun compare = CliRun.run("dataset", "compare", "coco@v001", "coco@v003", h, e);
    assertThat(compare.out()).contains("count").contains("-1.0000").contains("worse");
  }

  @Test
  void demoBuildsTheSampleVersions() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    new Demo(dir.resolve("demo"), new PrintStream(buf, true, StandardCharsets.UTF_8),
        EmbedSqlTest.TINY_CLIP).run();
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("Built fineweb@v001").contains("Built coco@v001")
        .contains("Built coco@v004")
        .contains("coco@v001 -> coco@v002:").contains("coco@v002 -> coco@v003:")
        .contains("coco@v003 -> coco@v004:").contains("removed/takedown")
        .contains("coco-v002-000000.tar").contains("rows_in_lake_shards").contains("cost_usd")
        .contains("-- lineage of item").contains("FROM TABLE(LINEAGE_ITEMS('coco@v002'")
        .contains("$ mmlake dataset compare coco@v001 coco@v002").contains("recall@10")
        .doesNotContain("Error");
  }
}
