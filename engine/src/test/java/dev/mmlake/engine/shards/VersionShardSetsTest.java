package dev.mmlake.engine.shards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.versions.Manifest;
import dev.mmlake.versions.VersionName;
import dev.mmlake.versions.VersionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shard sets a shown manifest lists: one entry per (version, options hash) from
 * {@code lake.shards}, matching the index file, while the stored manifest stays as tagged.
 */
class VersionShardSetsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void theShownManifestListsEachShardSetAndTheStoredOneIsUnchanged() throws Exception {
    try (Engine engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lakehouse")));
         Session session = engine.newSession("tester")) {
      GeneratedVersion.create(session, 5, 700);
      VersionName v = VersionName.parse(GeneratedVersion.NAME);
      VersionStore versions = new VersionStore(engine.lakehouse());
      String stored = versions.require(v).manifest();
      JsonNode none = JSON.readTree(VersionShardSets.showManifest(engine.lakehouse(), v, stored));
      assertThat(none.get("shard_sets")).isEmpty();

      Path a = dir.resolve("a");
      Path b = dir.resolve("b");
      List<Object> hashesA = GeneratedVersion.column(session,
          GeneratedVersion.writeShards(a.toString(), "{\"max_samples\": 2, \"seed\": 1}"),
          "options_hash");
      GeneratedVersion.column(session, GeneratedVersion.writeShards(b.toString(),
          "{\"max_samples\": 10, \"prefix\": \"gen-all\"}"), "options_hash");

      JsonNode shown = JSON.readTree(VersionShardSets.showManifest(engine.lakehouse(), v,
          versions.require(v).manifest()));
      assertThat(versions.require(v).manifest()).isEqualTo(stored);
      assertThat(shown.get("items_digest")).isEqualTo(Manifest.parse(stored).get("items_digest"));
      assertThat(shown.get("shard_sets_source").asText()).contains("lake.shards")
          .contains("not part of the stored manifest");
      JsonNode sets = shown.get("shard_sets");
      assertThat(sets).hasSize(2);
      JsonNode first = sets.get(0);
      assertThat(first.get("options_hash").asText()).isEqualTo(hashesA.get(0));
      assertThat(first.get("prefix").asText()).isEqualTo("gen-v001");
      assertThat(first.get("shards").asLong()).isEqualTo(3);
      assertThat(first.get("samples").asLong()).isEqualTo(5);
      assertThat(first.get("uri").asText()).isEqualTo(a.toUri().toString());
      Path index = a.resolve("gen-v001-index.json");
      JsonNode indexJson = JSON.readTree(index.toFile());
      assertThat(first.get("index").asText()).isEqualTo(index.toUri().toString());
      assertThat(first.get("index_sha256").asText())
          .isEqualTo(Sha256.hex(Files.readAllBytes(index)));
      assertThat(first.get("options")).isEqualTo(indexJson.get("options"));
      assertThat(first.get("options").get("max_samples").asInt()).isEqualTo(2);
      assertThat(first.get("bytes").asLong()).isEqualTo(indexJson.get("bytes").asLong());
      assertThat(first.get("files_present").asBoolean()).isTrue();
      assertThat(sets.get(1).get("prefix").asText()).isEqualTo("gen-all");
      assertThat(sets.get(1).get("shards").asLong()).isEqualTo(1);

      // a shard deleted behind lake.shards' back shows up as missing files
      Files.delete(a.resolve("gen-v001-000001.tar"));
      VersionShardSets.ShardSet after = VersionShardSets.of(engine.lakehouse(), v).get(0);
      assertThat(after.filesPresent()).isFalse();
      assertThat(after.indexSha256()).isEqualTo(first.get("index_sha256").asText());
    }
  }
}
