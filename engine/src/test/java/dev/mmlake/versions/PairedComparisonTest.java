package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.evals.EvalDefinition;
import dev.mmlake.evals.EvalRun;
import dev.mmlake.evals.EvalRunner;
import dev.mmlake.evals.EvalStore;
import dev.mmlake.evals.VersionComparison;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code dataset compare} pairs the per-sample results two versions share: the delta's interval
 * is a paired bootstrap, the same on every run, and falls back to independent intervals when the
 * eval names no samples.
 */
class PairedComparisonTest extends VersionsTestBase {
  /**
   * A per-item score plus 0.1 per item in the version: v001 (4 items) scores each item 0.4 above
   * its base, v002 (3 items) 0.3 above, so every shared item is 0.1 worse.
   */
  private static final String SCORE_EVAL = """
      -- eval: score
      -- version: 1
      -- metrics: score, plain, items (info)
      -- description: a per-item score that depends on the version's size
      SELECT 'score' AS metric,
             s.base + (SELECT COUNT(*) FROM ${version}) * 0.1 AS val,
             s.item_id AS sample
      FROM lake.scores AS s WHERE s.item_id IN (SELECT id FROM ${version})
      UNION ALL
      SELECT 'plain', s.base + (SELECT COUNT(*) FROM ${version}) * 0.1, CAST(NULL AS VARCHAR)
      FROM lake.scores AS s WHERE s.item_id IN (SELECT id FROM ${version})
      UNION ALL
      SELECT 'items', CAST(COUNT(*) AS DOUBLE), CAST(NULL AS VARCHAR) FROM ${version};
      """;

  private Path evalsDir;

  @BeforeEach
  void versions() throws IOException {
    addItems(session, "coco,a,image,cc-by-4.0,1", "coco,b,image,cc-by-4.0,1",
        "coco,c,image,cc-by-4.0,1", "coco,d,image,cc-by-4.0,1");
    exec("CREATE TABLE lake.scores (item_id VARCHAR, base DOUBLE)");
    exec("INSERT INTO lake.scores VALUES ('" + itemId("coco", "a") + "', 0.1), ('"
        + itemId("coco", "b") + "', 0.9), ('" + itemId("coco", "c") + "', 0.5), ('"
        + itemId("coco", "d") + "', 0.3)");
    evalsDir = Files.createDirectories(dir.resolve("evals"));
    Files.writeString(evalsDir.resolve("score.sql"), SCORE_EVAL);
    new RecipeRunner(session).run(Recipe.read(recipe("coco/v001.sql",
        header("coco", "v001", "none", "") + "SELECT * FROM lake.items;\n")));
    new RecipeRunner(session).run(Recipe.read(recipe("coco/v002.sql",
        header("coco", "v002", "v001", "")
            + "SELECT * FROM datasets.\"coco@v001\" WHERE source_id <> 'd';\n")));
    EvalDefinition eval = EvalDefinition.read(evalsDir.resolve("score.sql"));
    EvalStore store = new EvalStore(engine.lakehouse());
    for (String v : List.of("coco@v001", "coco@v002")) {
      EvalRun run = new EvalRunner(session).run(eval, VersionName.parse(v));
      store.append(run);
    }
  }

  private VersionComparison.Delta delta(List<VersionComparison.Delta> deltas, String metric) {
    return deltas.stream().filter(d -> d.metric().equals(metric)).findFirst().orElseThrow();
  }

  @Test
  void sharedSamplesArePairedAndTheIntervalIsDeterministic() {
    VersionComparison compare = new VersionComparison(engine.lakehouse(), evalsDir);
    List<VersionComparison.Delta> first = compare.compare(VersionName.parse("coco@v001"),
        VersionName.parse("coco@v002"));

    VersionComparison.Delta score = delta(first, "score");
    assertThat(score.interval()).isEqualTo("paired");
    assertThat(score.pairs()).isEqualTo(3);
    assertThat(score.delta()).isCloseTo(-0.1, Offset.offset(1e-9));
    assertThat(score.ciLow()).isCloseTo(-0.1, Offset.offset(1e-9));
    assertThat(score.ciHigh()).isCloseTo(-0.1, Offset.offset(1e-9));
    assertThat(score.verdict()).isEqualTo("worse");
    // the per-version values stay the means over each version's own items
    assertThat(score.a()).isCloseTo((0.1 + 0.9 + 0.5 + 0.3) / 4 + 0.4, Offset.offset(1e-9));
    assertThat(score.b()).isCloseTo((0.1 + 0.9 + 0.5) / 3 + 0.3, Offset.offset(1e-9));

    // without sample keys the same values are compared as independent samples: too wide to tell
    VersionComparison.Delta plain = delta(first, "plain");
    assertThat(plain.interval()).isEqualTo("independent");
    assertThat(plain.verdict()).isEqualTo("no significant change");
    assertThat(delta(first, "items").interval()).isNull();

    assertThat(compare.compare(VersionName.parse("coco@v001"), VersionName.parse("coco@v002")))
        .as("a rerun prints the same intervals").isEqualTo(first);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VersionComparison.print(new PrintStream(out, true, StandardCharsets.UTF_8),
        VersionName.parse("coco@v001"), VersionName.parse("coco@v002"), first);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("paired n=3")
        .contains("independent");
  }

  @Test
  void perSampleValuesAreRecordedWithTheRun() {
    assertThat(rows("SELECT COUNT(*) FROM lake.eval_samples WHERE version = 'v001' "
        + "AND metric = 'score'")).containsExactly(List.of(4L));
    assertThat(rows("SELECT COUNT(*) FROM lake.eval_samples WHERE metric <> 'score'"))
        .containsExactly(List.of(0L));
    assertThat(rows("SELECT COUNT(*) FROM lake.eval_samples AS s JOIN lake.evals AS e "
        + "ON s.run_id = e.run_id AND s.metric = e.metric WHERE e.version = 'v002'"))
        .containsExactly(List.of(3L));
  }
}
