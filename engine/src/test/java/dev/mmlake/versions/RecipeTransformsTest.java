package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.loader.LoaderException;
import dev.mmlake.loader.live.LivePipeline;
import dev.mmlake.loader.live.LiveTransformSpec;
import dev.mmlake.loader.live.LiveTransforms;
import dev.mmlake.media.TokenCounter;
import dev.mmlake.transforms.CanonicalJson;
import dev.mmlake.transforms.PrecomputeTransforms;
import dev.mmlake.transforms.TransformDef;
import dev.mmlake.transforms.TransformRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recipes declare live transforms; the manifest pins them and the precompute transforms. */
class RecipeTransformsTest extends VersionsTestBase {
  private static final String CROP = "random_crop_v001 {\"size\": 224, \"scale\": [0.08, 1.0]}";

  private static String configHash(String spec) {
    return CanonicalJson.hash(LiveTransforms.create(LiveTransformSpec.parse(spec)).config());
  }

  private JsonNode manifest(String name) {
    return Manifest.parse((String) scalar("SELECT manifest FROM lake.versions WHERE name = '"
        + name + "'"));
  }

  private static List<JsonNode> ofKind(JsonNode m, String kind) {
    List<JsonNode> out = new ArrayList<>();
    m.path("transforms").forEach(t -> {
      if (t.path("kind").asText().equals(kind)) {
        out.add(t);
      }
    });
    return out;
  }

  @Test
  void manifestPinsLiveAndPrecomputeTransformsWithConfigHashes() {
    addItems(session, "coco,1,image,cc0-1.0,10", "coco,2,image,cc0-1.0,20");
    new TransformRegistry(engine.lakehouse()).register(List.of(PrecomputeTransforms.qualityScore(
        "q1", "image", CanonicalJson.parse("{\"image.min_side\": 64}", "t"))), "test");
    new RecipeRunner(session).run(Recipe.read(recipe("coco/v001.sql", header("coco", "v001",
        "none", "-- live_transform: " + CROP + "\n-- live_transform: horizontal_flip_v001\n")
        + "SELECT i.*, TOKEN_COUNT(i.text) AS tokens FROM lake.items AS i\n"
        + "WHERE NOT EXISTS (SELECT 1 FROM lake.quality q WHERE q.item_id = i.id);\n")));

    JsonNode m = manifest("coco@v001");
    List<JsonNode> live = ofKind(m, "live");
    assertThat(live).hasSize(2);
    assertThat(live.get(0).path("id").asText()).isEqualTo("random_crop_v001");
    assertThat(live.get(0).path("name").asText()).isEqualTo("random_crop");
    assertThat(live.get(0).path("version").asText()).isEqualTo("v001");
    assertThat(live.get(0).path("config").path("size").toString()).isEqualTo("[224,224]");
    assertThat(live.get(0).path("config_hash").asText()).isEqualTo(configHash(CROP));
    assertThat(live.get(1).path("id").asText()).isEqualTo("horizontal_flip_v001");
    assertThat(live.get(1).path("config").path("p").asDouble()).isEqualTo(0.5);

    JsonNode contract = m.path("live_contract");
    assertThat(contract.path("seed_policy").asText()).isEqualTo(LivePipeline.SEED_POLICY);
    String hash = contract.path("contract_hash").asText();
    assertThat(hash).hasSize(64);
    assertThat(VersionLiveTransforms.of(engine.lakehouse(), VersionName.parse("coco@v001"))
        .contractHash()).isEqualTo(hash);

    List<JsonNode> pre = ofKind(m, "precompute");
    assertThat(pre).extracting(t -> t.path("name").asText() + " " + t.path("source").asText())
        .containsExactly("QUALITY_SCORE input:lake.quality", "TOKEN_COUNT recipe");
    assertThat(pre.get(1).path("config_hash").asText()).isEqualTo(
        PrecomputeTransforms.tokenCount(TokenCounter.TOKENIZER).configHash());
    assertThat(scalar("SELECT COUNT(*) FROM lake.transforms WHERE kind = 'live'")).isEqualTo(2L);

    // the same transform with another config: another config hash and contract
    String other = "random_crop_v001 {\"size\": 224, \"scale\": [0.2, 1.0]}";
    new RecipeRunner(session).run(Recipe.read(recipe("coco/v002.sql", header("coco", "v002",
        "v001", "-- live_transform: " + other + "\n-- live_transform: horizontal_flip_v001\n")
        + "SELECT * FROM datasets.\"coco@v001\";\n")));
    JsonNode m2 = manifest("coco@v002");
    assertThat(ofKind(m2, "live").get(0).path("config_hash").asText())
        .isEqualTo(configHash(other)).isNotEqualTo(configHash(CROP));
    assertThat(m2.path("live_contract").path("contract_hash").asText()).isNotEqualTo(hash);
  }

  @Test
  void unknownLiveTransformsAreRefusedByTheRecipeAndTheLoader() {
    addItems(session, "coco,1,image,cc0-1.0,10");
    Recipe bad = Recipe.read(recipe("coco/v001.sql", header("coco", "v001", "none",
        "-- live_transform: random_rotate_v001 {\"degrees\": 10}\n") + "SELECT * FROM lake.items;\n"));
    assertThatThrownBy(() -> new RecipeRunner(session).run(bad))
        .isInstanceOf(RecipeException.class)
        .hasMessageContaining("Unknown live transform 'random_rotate_v001'")
        .hasMessageContaining(String.join(", ", LiveTransforms.known()));
    assertThat(scalar("SELECT COUNT(*) FROM lake.versions")).isEqualTo(0L);

    VersionRecord good = new RecipeRunner(session).run(Recipe.read(recipe("coco/v002.sql",
        header("coco", "v002", "none", "-- live_transform: " + CROP + "\n")
        + "SELECT * FROM lake.items;\n")));
    // a version pinned by another loader: its contract names a transform this one lacks
    String foreign = good.manifest().replace("random_crop_v001", "random_rotate_v001");
    new VersionStore(engine.lakehouse()).append(new VersionRecord(
        VersionName.parse("coco@v009"), good.snapshotId(), null, "foreign", null, null, null,
        null, good.rowCount(), good.itemsDigest(), good.createdAt(), "other", foreign, null));
    assertThatThrownBy(() -> VersionLiveTransforms.of(engine.lakehouse(),
        VersionName.parse("coco@v009")))
        .isInstanceOf(LoaderException.class)
        .hasMessageContaining("coco@v009 pins live transform 'random_rotate_v001'");
    // a changed config no longer matches the stored contract hash
    String edited = good.manifest().replace("[224,224]", "[128,128]");
    new VersionStore(engine.lakehouse()).append(new VersionRecord(
        VersionName.parse("coco@v010"), good.snapshotId(), null, "edited", null, null, null,
        null, good.rowCount(), good.itemsDigest(), good.createdAt(), "other", edited, null));
    assertThatThrownBy(() -> VersionLiveTransforms.of(engine.lakehouse(),
        VersionName.parse("coco@v010")))
        .hasMessageContaining("pins live transform contract");
  }

  @Test
  void registryRoundTripsDefinitions() {
    TransformDef d = PrecomputeTransforms.annDedup(0.9, "brute_force");
    TransformRegistry reg = new TransformRegistry(engine.lakehouse());
    assertThat(reg.register(List.of(d, d), "r1").rows()).isEqualTo(1);
    assertThat(reg.register(List.of(d), "r2").rows()).isZero();
    assertThat(reg.all()).containsExactly(d);
  }
}
