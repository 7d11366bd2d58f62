package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.evals.EvalDefinition;
import dev.mmlake.evals.EvalException;
import dev.mmlake.evals.EvalGates;
import dev.mmlake.evals.EvalMetric;
import dev.mmlake.evals.EvalRun;
import dev.mmlake.evals.EvalRunner;
import dev.mmlake.evals.EvalSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Evals on versions: recall@k on a case worked out by hand, gates that refuse or accept a version,
 * and the held-out split.
 */
class EvalGatesTest extends VersionsTestBase {
  /**
   * Four items; documents a=(1,0) b=(0,1) c=(-1,0) d=(0,-1). By cosine: query a=(1,0.1) finds a
   * first; query b=(0.9,0.2) finds a, then b; query c=(0.1,-1) finds d, a, then c; query
   * d=(0,-1) finds d. So recall@1 = 2/4, recall@2 = 3/4, recall@3 = 4/4.
   */
  private static final String TOY_EVAL = """
      -- eval: toy
      -- version: 1
      -- metrics: recall@1, recall@2, recall@3, items
      -- description: recall@k of hand-made query and document vectors
      WITH hits AS (
        SELECT * FROM TABLE(VECTOR_SEARCH_BATCH(
          CURSOR(SELECT t.item_id AS id, t.dv AS vector FROM lake.toy AS t
                 WHERE t.item_id IN (SELECT id FROM ${version})),
          CURSOR(SELECT t.item_id AS query_id, t.qv AS vector FROM lake.toy AS t
                 WHERE t.item_id IN (SELECT id FROM ${version})),
          'vector', 3, 'cosine'))),
      ks AS (SELECT * FROM (VALUES 1, 2, 3) AS v(k))
      SELECT 'recall@' || CAST(ks.k AS VARCHAR) AS metric,
             MAX(CASE WHEN h.id = h.query_id AND h."rank" <= ks.k THEN 1.0 ELSE 0.0 END) AS val
      FROM hits AS h CROSS JOIN ks
      GROUP BY ks.k, h.query_id
      UNION ALL
      SELECT 'items', CAST(COUNT(*) AS DOUBLE) FROM ${version};
      """;

  private Path evalsDir;

  @BeforeEach
  void toyData() throws IOException {
    addItems(session, "coco,a,image,cc-by-4.0,1", "coco,b,image,cc-by-4.0,1",
        "coco,c,image,cc-by-4.0,1", "coco,d,image,cc-by-4.0,1");
    exec("CREATE TABLE lake.toy (item_id VARCHAR, qv FLOAT ARRAY, dv FLOAT ARRAY)");
    exec("INSERT INTO lake.toy VALUES " + toy("a", "1, 0.1", "1, 0") + ", "
        + toy("b", "0.9, 0.2", "0, 1") + ", " + toy("c", "0.1, -1", "-1, 0") + ", "
        + toy("d", "0, -1", "0, -1"));
    evalsDir = dir.resolve("evals");
    Files.createDirectories(evalsDir);
    Files.writeString(evalsDir.resolve("toy.sql"), TOY_EVAL);
  }

  @Test
  void recallAtKIsWhatTheHandCalculationSays() {
    new RecipeRunner(session).run(Recipe.read(recipe("coco/v001.sql",
        header("coco", "v001", "none", "") + "SELECT * FROM lake.items;\n")));
    EvalRun run = new EvalRunner(session).run(
        EvalDefinition.read(evalsDir.resolve("toy.sql")), VersionName.parse("coco@v001"));
    assertThat(run.metric("recall@1").value()).isEqualTo(0.5);
    assertThat(run.metric("recall@2").value()).isEqualTo(0.75);
    assertThat(run.metric("recall@3").value()).isEqualTo(1.0);
    EvalMetric r1 = run.metric("recall@1");
    assertThat(r1.ciLow()).isBetween(0.0, 0.5);
    assertThat(r1.ciHigh()).isBetween(0.5, 1.0);
    assertThat(r1.samples()).isEqualTo(4);
    assertThat(run.metric("items").ciLow()).as("a single value has no interval").isNull();
  }

  @Test
  void failingGateLeavesNoTagNoVersionRowAndRecordsWhy() {
    new RecipeRunner(session).run(Recipe.read(recipe("coco/v001.sql",
        header("coco", "v001", "none", "") + "SELECT * FROM lake.items;\n")));
    long before = currentSnapshot("datasets.coco");
    // v002 drops item d: query c now finds a first, query b still does: recall@1 falls to 1/3
    Path v2 = recipe("coco/v002.sql", header("coco", "v002", "v001",
        "-- evals: toy\n-- gate: recall@3 >= 1\n-- gate: recall@1 >= parent - 0.01\n")
        + "SELECT * FROM datasets.\"coco@v001\" WHERE source_id <> 'd';\n");

    assertThatThrownBy(() -> new RecipeRunner(session, new EvalGates(session, evalsDir))
        .run(Recipe.read(v2)))
        .isInstanceOf(EvalException.class)
        .hasMessageContaining("recall@1 >= parent - 0.01").hasMessageContaining("not tagged");

    assertThat(engine.lakehouse().table("datasets.coco").refs()).doesNotContainKey("v002");
    assertThat(currentSnapshot("datasets.coco")).isEqualTo(before);
    assertThat(scalar("SELECT COUNT(*) FROM lake.versions WHERE name = 'coco@v002'"))
        .isEqualTo(0L);
    assertThat(scalar("SELECT COUNT(*) FROM lake.evals")).isEqualTo(0L);
    assertThat((String) scalar("SELECT message FROM obs.failures WHERE stage = 'gate' "
        + "AND item_ref = 'coco@v002'")).contains("recall@1 = 0.3333");
  }

  @Test
  void passingGateRecordsEvalRowsWithTheVersionSnapshotAndInTheManifest() {
    new RecipeRunner(session).run(Recipe.read(recipe("coco/v001.sql",
        header("coco", "v001", "none", "") + "SELECT * FROM lake.items;\n")));
    // v002 drops item b, whose query found a first: recall@1 rises to 2/3
    Path v2 = recipe("coco/v002.sql", header("coco", "v002", "v001",
        "-- evals: toy\n-- gate: recall@1 >= parent - 0.01\n-- gate: toy/items <= 3\n")
        + "SELECT * FROM datasets.\"coco@v001\" WHERE source_id <> 'b';\n");

    VersionRecord v = new RecipeRunner(session, new EvalGates(session, evalsDir))
        .run(Recipe.read(v2));

    List<List<Object>> rows = rows("SELECT metric, \"value\", snapshot_id, eval, eval_version, "
        + "split FROM lake.evals WHERE dataset = 'coco' AND version = 'v002' ORDER BY metric");
    assertThat(rows).extracting(r -> r.get(0))
        .containsExactly("items", "recall@1", "recall@2", "recall@3");
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.get(2)).isEqualTo(v.snapshotId());
      assertThat(r.get(3)).isEqualTo("toy");
      assertThat(r.get(5)).isEqualTo("version");
    });
    assertThat((Double) rows.get(1).get(1)).isEqualTo(2.0 / 3);
    JsonNode evals = Manifest.parse(v.manifest()).path("evals");
    assertThat(evals.at("/runs/0/metrics/recall@1/value").asDouble()).isEqualTo(2.0 / 3);
    assertThat(evals.at("/gates/0/passed").asBoolean()).isTrue();
    assertThat(evals.at("/gates/0/bound").asDouble()).isEqualTo(0.5 - 0.01);
  }

  @Test
  void heldOutSplitNeverAppearsInAVersionThatExcludesIt() throws IOException {
    String[] specs = new String[80];
    for (int i = 0; i < specs.length; i++) {
      specs[i] = "fineweb,t" + i + ",text,odc-by-1.0,10";
    }
    addItems(session, specs);
    long heldOut = (Long) scalar("SELECT COUNT(*) FROM lake.items WHERE IN_EVAL_SPLIT(id)");
    assertThat(heldOut).as("some of 84 items are held out").isPositive();
    Path v1 = recipe("fineweb/v001.sql", header("fineweb", "v001", "none", "")
        + "SELECT * FROM lake.items WHERE NOT IN_EVAL_SPLIT(id);\n");
    VersionRecord v = new RecipeRunner(session).run(Recipe.read(v1));

    List<List<Object>> ids = rows("SELECT id FROM datasets.\"fineweb@v001\"");
    assertThat(v.rowCount()).isEqualTo(84 - heldOut);
    assertThat(ids).allSatisfy(r -> assertThat(EvalSplit.contains((String) r.get(0))).isFalse());

    // an eval on the held-out split refuses a version that contains held-out items
    Files.writeString(evalsDir.resolve("held.sql"), "-- eval: held\n-- version: 1\n"
        + "-- metrics: items\n-- description: held-out count\n-- split: heldout\n"
        + "SELECT 'items' AS metric, CAST(COUNT(*) AS DOUBLE) AS val FROM ${heldout};\n");
    EvalDefinition held = EvalDefinition.read(evalsDir.resolve("held.sql"));
    assertThat(new EvalRunner(session).run(held, VersionName.parse("fineweb@v001"))
        .metric("items").value()).isEqualTo((double) heldOut);
    new RecipeRunner(session).run(Recipe.read(recipe("fineweb/v002.sql",
        header("fineweb", "v002", "none", "") + "SELECT * FROM lake.items;\n")));
    assertThatThrownBy(() -> new EvalRunner(session).run(held, VersionName.parse("fineweb@v002")))
        .isInstanceOf(EvalException.class).hasMessageContaining("held-out eval split")
        .hasMessageContaining("NOT IN_EVAL_SPLIT(id)");
  }

  private static String toy(String id, String q, String d) {
    return "('" + itemId("coco", id) + "', " + floats(q) + ", " + floats(d) + ")";
  }

  private static String floats(String csv) {
    StringBuilder b = new StringBuilder("ARRAY[");
    String[] parts = csv.split(",");
    for (int i = 0; i < parts.length; i++) {
      b.append(i == 0 ? "" : ", ").append("CAST(").append(parts[i].strip()).append(" AS FLOAT)");
    }
    return b.append("]").toString();
  }
}
