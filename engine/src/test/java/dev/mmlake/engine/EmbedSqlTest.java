package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.embed.EmbedConfig;
import dev.mmlake.embed.Embedder;
import dev.mmlake.embed.Embedders;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** EMBED_TEXT / EMBED_CLIP through SQL: batching, the cache in lake.embeddings, failures. */
public class EmbedSqlTest extends EngineTestBase {
  public static final Path TINY_CLIP = Path.of("../sql-functions/src/test/resources/models/tiny-clip")
      .toAbsolutePath().normalize();

  @BeforeEach
  void reopenWithClipAndSmallBatches() {
    session.close();
    engine.close();
    engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lh"))
        .with("exec.batch-size", "16")
        .with(EmbedConfig.CLIP_MODEL_DIR, TINY_CLIP.toString()));
    session = engine.newSession("test");
  }

  @Test
  void embedTextRunsPerBatchAndSecondRunHitsTheCache() {
    exec("CREATE TABLE lake.sentences (id INTEGER, body VARCHAR)");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      values.append(i == 0 ? "" : ", ").append("(").append(i).append(", 'sentence number ")
          .append(i).append(" about cats and data')");
    }
    exec("INSERT INTO lake.sentences VALUES " + values + ", (99, NULL)");
    Embedder model = Embedders.text(EmbedConfig.from(engine.lakehouse().config()));
    long before = model.invocations();

    List<List<Object>> first = rows("SELECT id, EMBED_TEXT(body) FROM lake.sentences ORDER BY id");
    assertThat(first).hasSize(41);
    assertThat(model.invocations() - before).as("3 batches of <= 16 rows").isEqualTo(3);
    @SuppressWarnings("unchecked")
    List<Float> v0 = (List<Float>) first.get(0).get(1);
    assertThat(v0).hasSize(384);
    double norm = v0.stream().mapToDouble(x -> x * x).sum();
    assertThat(norm).isCloseTo(1.0, Offset.offset(1e-4));
    assertThat(first.get(40).get(1)).as("NULL text").isNull();
    assertThat(scalar("SELECT COUNT(*) FROM lake.embeddings")).isEqualTo(40L);
    assertThat(rows("SELECT DISTINCT model, dim FROM lake.embeddings"))
        .containsExactly(List.of("all-MiniLM-L6-v2", 384));
    assertThat(scalar("SELECT COUNT(*) FROM lake.models WHERE name = 'all-MiniLM-L6-v2'"))
        .isEqualTo(1L);

    long after = model.invocations();
    List<List<Object>> second = rows("SELECT id, EMBED_TEXT(body) FROM lake.sentences ORDER BY id");
    assertThat(model.invocations()).as("all vectors come from the cache").isEqualTo(after);
    assertThat(second).isEqualTo(first);
    assertThat(scalar("SELECT COUNT(*) FROM lake.embeddings")).isEqualTo(40L);
  }

  @Test
  void embedClipTakesTextAndImagesAndRecordsBadItems() throws Exception {
    String good = engine.lakehouse().cas().put(jpeg(Color.ORANGE)).uri();
    String other = engine.lakehouse().cas().put(jpeg(Color.BLUE)).uri();
    String bad = engine.lakehouse().cas().put("not an image at all".getBytes()).uri();
    exec("CREATE TABLE lake.media (id INTEGER, x VARCHAR)");
    exec("INSERT INTO lake.media VALUES (1, '" + good + "'), (2, '" + other + "'), (3, '" + bad
        + "'), (4, 'a photo of a cat')");
    try (StatementResult r = session.execute("SELECT id, EMBED_CLIP(x) FROM lake.media ORDER BY id")) {
      List<List<Object>> rows = drain(r.resultSet());
      assertThat((List<?>) rows.get(0).get(1)).hasSize(64);
      assertThat(rows.get(0).get(1)).isNotEqualTo(rows.get(1).get(1));
      assertThat(rows.get(2).get(1)).as("undecodable blob").isNull();
      assertThat((List<?>) rows.get(3).get(1)).hasSize(64);
    }
    assertThat(rows("SELECT stage, item_ref FROM obs.failures"))
        .containsExactly(List.of("embed", bad));
  }

  @Test
  void mixingModelVersionsInOneColumnFails() {
    exec("INSERT INTO lake.embeddings (content_hash, model, model_version, dim, vector) VALUES "
        + "('h1', 'm', 'v1', 2, ARRAY[1.0, 0.0]), ('h2', 'm', 'v2', 2, ARRAY[0.0, 1.0])");
    exec("CREATE TABLE lake.refs (h VARCHAR)");
    exec("INSERT INTO lake.refs VALUES ('h1'), ('h2')");
    assertThatThrownBy(() -> rows("SELECT EMBEDDING(h, 'm') FROM lake.refs"))
        .isInstanceOf(SqlStatementException.class).hasMessageContaining("mix")
        .hasMessageContaining("pin one");
    assertThat(rows("SELECT h, EMBEDDING(h, 'm', 'v1') FROM lake.refs ORDER BY h"))
        .containsExactly(List.of("h1", List.of(1.0f, 0.0f)), Arrays.asList("h2", null));
  }

  static byte[] jpeg(Color c) throws Exception {
    BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, 96, 64);
    g.setColor(Color.WHITE);
    g.fillOval(20, 10, 40, 40);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", out);
    return out.toByteArray();
  }
}
