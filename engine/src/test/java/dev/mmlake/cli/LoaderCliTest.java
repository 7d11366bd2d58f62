package dev.mmlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.RecipeRunner;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mmlake loader read|bench} end to end on a version written with WRITE_SHARDS. */
class LoaderCliTest {
  private static final int N = 23;
  @TempDir static Path dir;
  static String home;

  /** Runs the CLI with the test lakehouse's home as the last argument. */
  private static CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(home);
    return CliRun.run(all.toArray(String[]::new));
  }

  @BeforeAll
  static void writeShards() throws Exception {
    Path lh = dir.resolve("lh");
    try (Engine e = Engine.open(LakehouseConfig.embedded(lh)); Session s = e.newSession("t")) {
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < N; i++) {
        values.append(i == 0 ? "" : ", ").append(String.format("('t%02d', 'fineweb', '%d', "
            + "'text', 'text number %d', 'odc-by-1.0')", i, i, i));
      }
      s.execute("INSERT INTO lake.items (id, source, source_id, modality, text, license) VALUES "
          + values).close();
      new RecipeRunner(s).run(Recipe.parse("-- dataset: web\n-- version: v1\n-- parent: none\n"
          + "-- description: texts\nSELECT * FROM lake.items", null));
    }
    home = "--home=" + lh;
    assertThat(cli("shards", "write", "web@v1", dir.resolve("out").toString(), "--max-samples",
        "4", "--threads", "1").code()).isZero();
  }

  @Test
  void readIsDeterministicAndResumesWithoutRepeatsOrGaps() {
    CliRun full = cli("loader", "read", "web@v1", "--seed", "5", "--epoch", "1", "--workers", "3",
        "--shuffle-buffer", "3", "--print", "keys");
    assertThat(full.code()).isZero();
    List<String> keys = full.lines();
    assertThat(keys).hasSize(N);
    assertThat(new HashSet<>(keys)).hasSize(N);
    assertThat(cli("loader", "read", "web@v1", "--seed", "5", "--epoch", "1", "--workers", "3",
        "--shuffle-buffer", "3").lines()).containsExactlyElementsOf(keys);
    assertThat(cli("loader", "read", "web@v1", "--seed", "6", "--epoch", "1", "--workers", "3",
        "--shuffle-buffer", "3").lines()).containsExactlyInAnyOrderElementsOf(keys)
        .isNotEqualTo(keys);
    assertThat(cli("loader", "read", "web@v1", "--seed", "5", "--epoch", "2", "--workers", "3",
        "--shuffle-buffer", "3").lines()).isNotEqualTo(keys);

    Path c1 = dir.resolve("c1.json");
    Path c2 = dir.resolve("c2.json");
    CliRun head = cli("loader", "read", "web@v1", "--seed", "5", "--epoch", "1", "--workers", "3",
        "--shuffle-buffer", "3", "--limit", "9", "--cursor-out", c1.toString());
    CliRun mid = cli("loader", "read", "web@v1", "--seed", "5", "--epoch", "1", "--workers", "3",
        "--shuffle-buffer", "3", "--resume", c1.toString(), "--limit", "5", "--cursor-out",
        c2.toString());
    CliRun rest = cli("loader", "read", "web@v1", "--seed", "5", "--epoch", "1", "--workers", "3",
        "--shuffle-buffer", "3", "--resume", c2.toString());
    assertThat(head.lines()).hasSize(9);
    assertThat(mid.lines()).hasSize(5);
    List<String> union = new ArrayList<>(head.lines());
    union.addAll(mid.lines());
    union.addAll(rest.lines());
    assertThat(union).containsExactlyElementsOf(keys);

    // a cursor from another run is a user error (exit 1)
    assertThat(cli("loader", "read", "web@v1", "--seed", "9", "--epoch", "1", "--workers", "3",
        "--shuffle-buffer", "3", "--resume", c1.toString()).code()).isEqualTo(1);
  }

  @Test
  void benchPrintsThroughputAndTheRawBaseline() {
    CliRun r = cli("loader", "bench", "web@v1", "--workers", "2", "--batch", "4");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("items/s", "MB/s", "p50", "p99", "max/mean",
        "raw sequential tar read", "ratio loader/raw");
  }

  @Test
  void aReadIsRecordedInObsMetricsAndObsRuns() throws Exception {
    CliRun r = cli("loader", "read", "web@v1", "--seed", "3", "--workers", "2", "--limit", "11",
        "--print", "none");
    assertThat(r.code()).isZero();
    try (Engine e = Engine.open(LakehouseConfig.embedded(dir.resolve("lh")));
         Session s = e.newSession("t")) {
      String hash = single(s, "SELECT DISTINCT options_hash FROM lake.shards WHERE version = "
          + "'web@v1'").get(0).get(0);
      List<List<String>> runs = single(s, "SELECT run_id, statement_text, rows_read, status "
          + "FROM obs.runs WHERE statement_kind = 'LOADER' AND statement_text LIKE "
          + "'%--seed 3 %'");
      assertThat(runs).hasSize(1);
      String runId = runs.get(0).get(0);
      assertThat(runs.get(0).get(1)).startsWith("mmlake loader read web@v1").contains("--limit 11");
      assertThat(runs.get(0).subList(2, 4)).containsExactly("11", "ok");
      List<List<String>> metrics = single(s, "SELECT metric, \"value\", labels FROM obs.metrics "
          + "WHERE stage = 'loader' AND run_id = '" + runId + "' ORDER BY metric");
      assertThat(metrics).extracting(m -> m.get(0)).containsExactly("bytes_read", "items",
          "items_per_s", "mb_per_s", "stall_seconds", "stalls", "worker_imbalance");
      assertThat(metrics.get(1).get(1)).isEqualTo("11.0");
      assertThat(Double.parseDouble(metrics.get(0).get(1))).isPositive();
      for (List<String> m : metrics) {
        JsonNode labels = new ObjectMapper().readTree(m.get(2));
        assertThat(labels.path("version").asText()).isEqualTo("web@v1");
        assertThat(labels.path("shard_set").asText()).isEqualTo(hash);
        assertThat(labels.path("run_id").asText()).isEqualTo(runId);
      }
    }
  }

  private static List<List<String>> single(Session s, String sql) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (StatementResult r = s.execute(sql)) {
      ResultSet rs = r.resultSet();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void errorsAndHelp() {
    assertThat(cli("loader", "read", "nope@v1").code()).isEqualTo(1);
    assertThat(cli("loader", "read", "web@v1", "--shards", "ffff").code()).isEqualTo(1);
    assertThat(cli("loader", "read", "web@v1", "--workers", "0").code()).isEqualTo(1);
    for (String[] help : new String[][] {{"loader", "--help"}, {"loader", "read", "--help"},
        {"loader", "bench", "--help"}}) {
      CliRun r = cli(help);
      assertThat(r.code()).isZero();
      assertThat(r.out()).contains("Usage: mmlake loader");
    }
  }
}
