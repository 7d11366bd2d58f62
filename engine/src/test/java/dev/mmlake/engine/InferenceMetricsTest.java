package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.embed.EmbedConfig;
import dev.mmlake.embed.Embedders;
import java.awt.Color;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A statement that embeds records its model load time, inference time, items and batches in
 * obs.metrics (stage embed), per model and input kind.
 */
class InferenceMetricsTest extends EngineTestBase {

  @BeforeEach
  void reopenWithClipAndSmallBatches() {
    session.close();
    engine.close();
    engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lh"))
        .with("exec.batch-size", "16")
        .with(EmbedConfig.BATCH_SIZE, "8")
        .with(EmbedConfig.CLIP_MODEL_DIR, EmbedSqlTest.TINY_CLIP.toString()));
    session = engine.newSession("test");
    Embedders.closeAll(); // so that this test's first statement loads the models
  }

  /** metric -> value of {@code runId}'s embed rows with {@code input} (null: the load row). */
  private Map<String, Double> metrics(String runId, String model, String input) {
    Map<String, Double> out = new HashMap<>();
    for (List<Object> r : rows("SELECT metric, \"value\", labels FROM obs.metrics WHERE run_id = '"
        + runId + "' AND stage = 'embed' AND model = '" + model + "'")) {
      String labels = (String) r.get(2);
      boolean matches = input == null ? !labels.contains("\"input\"")
          : labels.contains("\"input\":\"" + input + "\"");
      if (matches) {
        out.put((String) r.get(0), (Double) r.get(1));
      }
    }
    return out;
  }

  private String runOf(String statementStart) {
    return (String) scalar("SELECT run_id FROM obs.runs WHERE statement_text LIKE '"
        + statementStart + "%' ORDER BY started_at DESC LIMIT 1");
  }

  @Test
  void embedTextRecordsLoadInferenceItemsAndBatches() {
    exec("CREATE TABLE lake.s (id INTEGER, body VARCHAR)");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      values.append(i == 0 ? "" : ", ").append("(").append(i).append(", 'sentence ").append(i)
          .append("')");
    }
    exec("INSERT INTO lake.s VALUES " + values);

    assertThat(rows("SELECT id, EMBED_TEXT(body) FROM lake.s")).hasSize(20);
    String first = runOf("SELECT id, EMBED_TEXT");
    Map<String, Double> load = metrics(first, "all-MiniLM-L6-v2", null);
    assertThat(load.get("model_load_seconds")).isPositive();
    Map<String, Double> text = metrics(first, "all-MiniLM-L6-v2", "text");
    assertThat(text.get("items_embedded")).isEqualTo(20.0);
    // 20 rows in exec batches of 16 and 4, each run in model batches of at most 8: 2 + 1
    assertThat(text.get("inference_batches")).isEqualTo(3.0);
    assertThat(text.get("batch_size")).isCloseTo(20.0 / 3, Offset.offset(1e-9));
    assertThat(text.get("max_batch_size")).isEqualTo(8.0);
    assertThat(text.get("inference_seconds")).isPositive();
    assertThat(text.get("items_per_second")).isPositive();
    assertThat(text).doesNotContainKey("items_from_cache");

    // a second statement finds the model loaded and every vector in the cache
    assertThat(rows("SELECT id, EMBED_TEXT(body) AS again FROM lake.s")).hasSize(20);
    String second = runOf("SELECT id, EMBED_TEXT(body) AS again");
    assertThat(metrics(second, "all-MiniLM-L6-v2", null)).isEmpty();
    assertThat(metrics(second, "all-MiniLM-L6-v2", "text"))
        .containsExactly(Map.entry("items_from_cache", 20.0));
  }

  @Test
  void embedClipRecordsTextAndImageInputsApart() throws Exception {
    String image = engine.lakehouse().cas().put(EmbedSqlTest.jpeg(Color.ORANGE)).uri();
    exec("CREATE TABLE lake.m (id INTEGER, x VARCHAR)");
    exec("INSERT INTO lake.m VALUES (1, '" + image + "'), (2, 'a photo of a cat'), "
        + "(3, 'a dog')");

    assertThat(rows("SELECT id, EMBED_CLIP(x) FROM lake.m")).hasSize(3);
    String run = runOf("SELECT id, EMBED_CLIP");
    String model = "tiny-clip";
    assertThat(metrics(run, model, null).get("model_load_seconds")).isPositive();
    assertThat(metrics(run, model, "text").get("items_embedded")).isEqualTo(2.0);
    assertThat(metrics(run, model, "image").get("items_embedded")).isEqualTo(1.0);
    assertThat(metrics(run, model, "image").get("inference_batches")).isEqualTo(1.0);
  }
}
