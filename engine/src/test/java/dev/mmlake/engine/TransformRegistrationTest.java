package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.connectors.DataRoots;
import dev.mmlake.engine.access.SessionAccess;
import dev.mmlake.engine.dedup.QualityDedupSql;
import dev.mmlake.media.TokenCounter;
import dev.mmlake.quality.QualityScorer;
import dev.mmlake.transforms.CanonicalJson;
import dev.mmlake.transforms.PrecomputeTransforms;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Data-producing functions register themselves in lake.transforms after a writing statement. */
class TransformRegistrationTest extends EngineTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  private void addTexts() {
    exec("INSERT INTO lake.items (id, source, source_id, modality, text) VALUES "
        + "('t1', 'web', '1', 'text', 'A short text about cats that has enough words to be "
        + "scored by the rules of the quality checker without failing for length.'), "
        + "('t2', 'web', '2', 'text', 'tiny')");
  }

  @Test
  void qualityScoreAndTokenCountRegisterOnceWithTheirConfigs() throws Exception {
    addTexts();
    assertThat(scalar("SELECT COUNT(*) FROM lake.transforms")).isEqualTo(0L);
    exec(QualityDedupSql.SCORE_ITEMS);
    List<List<Object>> q = rows("SELECT name, version, kind, modality, config, config_hash, "
        + "is_deterministic FROM lake.transforms WHERE name = 'QUALITY_SCORE'");
    assertThat(q).hasSize(1);
    assertThat(q.get(0).subList(0, 4))
        .containsExactly("QUALITY_SCORE", QualityScorer.RULES_VERSION, "precompute", "text");
    String thresholds = (String) scalar("SELECT MAX(thresholds) FROM lake.quality");
    var config = JSON.readTree((String) q.get(0).get(4));
    assertThat(config.get("rules_version").asText()).isEqualTo(QualityScorer.RULES_VERSION);
    assertThat(CanonicalJson.text(config.get("thresholds")))
        .isEqualTo(CanonicalJson.text(JSON.readTree(thresholds)));
    assertThat(q.get(0).get(5)).isEqualTo(PrecomputeTransforms.qualityScore(
        QualityScorer.RULES_VERSION, "text", JSON.readTree(thresholds)).configHash());
    assertThat(q.get(0).get(6)).isEqualTo(true);

    exec(QualityDedupSql.SCORE_ITEMS); // same config again: no new row
    assertThat(scalar("SELECT COUNT(*) FROM lake.transforms WHERE name = 'QUALITY_SCORE'"))
        .isEqualTo(1L);
    exec(QualityDedupSql.scoreItems("{\"min_tokens\": 3}")); // other thresholds: a second row
    assertThat(scalar("SELECT COUNT(*) FROM lake.transforms WHERE name = 'QUALITY_SCORE'"))
        .isEqualTo(2L);

    exec("CREATE TABLE lake.counts AS SELECT id, TOKEN_COUNT(text) AS n FROM lake.items");
    assertThat(rows("SELECT config_hash FROM lake.transforms WHERE name = 'TOKEN_COUNT'"))
        .containsExactly(List.of(PrecomputeTransforms.tokenCount(TokenCounter.TOKENIZER)
            .configHash()));
  }

  @Test
  void queriesThatWriteNothingAndReadOnlySessionsRegisterNothing() {
    addTexts();
    assertThat(rows("SELECT TOKEN_COUNT(text), TEXT_KEY(text) FROM lake.items")).hasSize(2);
    assertThat(scalar("SELECT COUNT(*) FROM lake.transforms")).isEqualTo(0L);
    try (Session ro = engine.newSession("reader")) {
      ro.access(SessionAccess.readOnly(DataRoots.unrestricted()));
      try (StatementResult r = ro.execute("SELECT TOKEN_COUNT(text) FROM lake.items")) {
        assertThat(drain(r.resultSet())).hasSize(2);
      }
      assertThatThrownBy(() -> ro.execute("SELECT EMBED_TEXT(text) FROM lake.items"))
          .hasMessageContaining("read-only");
    }
    assertThat(scalar("SELECT COUNT(*) FROM lake.transforms")).isEqualTo(0L);
  }

  @Test
  void embedTextRegistersItsModelWhenItWritesVectors() {
    addTexts();
    assertThat(rows("SELECT EMBED_TEXT(text) FROM lake.items")).hasSize(2);
    List<List<Object>> r = rows("SELECT t.model_dependency, t.config_hash, m.name, m.version "
        + "FROM lake.transforms t, lake.models m WHERE t.name = 'EMBED_TEXT'");
    assertThat(r).hasSize(1);
    String model = (String) r.get(0).get(2);
    String version = (String) r.get(0).get(3);
    assertThat(r.get(0).get(0)).isEqualTo(model + "@" + version);
    assertThat(r.get(0).get(1))
        .isEqualTo(PrecomputeTransforms.embedText(model, version).configHash());
    assertThat(scalar("SELECT side_writes FROM obs.runs WHERE statement_text LIKE "
        + "'SELECT EMBED_TEXT%'").toString()).contains("lake.transforms=1");
  }

  @Test
  void imageResizeMatchesPillowBicubic() throws Exception {
    // the fixture of ClipImagePreprocessorTest: 448x448, green left half, red right half,
    // halved with Pillow's bicubic; hand-computed Pillow values at the edge columns
    BufferedImage img = new BufferedImage(448, 448, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 448; y++) {
      for (int x = 0; x < 448; x++) {
        img.setRGB(x, y, x < 224 ? 0x00FF00 : 0xFF0000);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    String uri = engine.lakehouse().cas().put(png.toByteArray()).uri();
    byte[] out = (byte[]) scalar("SELECT IMAGE_RESIZE('" + uri + "', 224, 224)");
    BufferedImage small = ImageIO.read(new ByteArrayInputStream(out));
    assertThat(small.getWidth()).isEqualTo(224);
    assertThat(small.getHeight()).isEqualTo(224);
    int[][] expected = {{0, 0, 255}, {110, 0, 255}, {111, 17, 238}, {112, 238, 17},
        {113, 255, 0}, {223, 255, 0}};
    for (int[] e : expected) {
      for (int y : new int[] {0, 100, 223}) {
        int rgb = small.getRGB(e[0], y);
        assertThat((rgb >> 16) & 0xFF).as("red at %d", e[0]).isEqualTo(e[1]);
        assertThat((rgb >> 8) & 0xFF).as("green at %d", e[0]).isEqualTo(e[2]);
        assertThat(rgb & 0xFF).isZero();
      }
    }
    assertThatThrownBy(() -> scalar("SELECT IMAGE_RESIZE('" + uri + "', 0, 10)"))
        .hasMessageContaining("IMAGE_RESIZE: width and height must be in 1..8192");
  }
}
