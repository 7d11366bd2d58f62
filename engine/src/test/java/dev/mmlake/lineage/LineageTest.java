package dev.mmlake.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.cli.CliRun;
import dev.mmlake.embed.EmbedConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.QueryRows;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.engine.dedup.QualityDedupSql;
import dev.mmlake.error.MmlakeException;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.RecipeRunner;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lineage of a planted duplicate sample video, hop by hop, after the demo's pipeline steps ran on it
 * for real: ingest (read_finevideo), VIDEO_KEYFRAMES, QUALITY_SCORE, exact dedup, EMBED_CLIP
 * (tiny test model), a recipe version, WRITE_SHARDS, and a loader run's obs.metrics rows.
 */
class LineageTest {
  static final Path TINY_CLIP = Path.of("../sql-functions/src/test/resources/models/tiny-clip")
      .toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Engine engine;
  Session session;

  @BeforeEach
  void open() {
    engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lakehouse"))
        .with(EmbedConfig.CLIP_MODEL_DIR, TINY_CLIP.toString()));
    session = engine.newSession("tester");
  }

  @AfterEach
  void close() {
    session.close();
    engine.close();
  }

  @Test
  void lineageOfAVideoIsCompleteHopByHop() throws Exception {
    Path samples = TinyFineVideo.write(dir.resolve("finevideo"), 3);
    String ingestRun = exec("INSERT INTO lake.items SELECT * FROM TABLE(read_finevideo('"
        + samples.toAbsolutePath() + "'))").runId();
    List<List<Object>> videos = rows("SELECT id, content_uri, source_file FROM lake.items "
        + "WHERE source = 'finevideo' ORDER BY source_id");
    assertThat(videos).hasSizeGreaterThan(1);
    String id = (String) videos.get(0).get(0);
    String uri = (String) videos.get(0).get(1);
    Path file = Path.of((String) videos.get(0).get(2));
    assertThat(file).isRegularFile().startsWith(samples.toAbsolutePath());

    JsonNode frames = JSON.readTree((String) scalar("SELECT VIDEO_KEYFRAMES(content_uri, 3) "
        + "FROM lake.items WHERE id = '" + id + "'"));
    exec(QualityDedupSql.SCORE_ITEMS.replace("FROM lake.items) AS s",
        "FROM lake.items WHERE source = 'finevideo') AS s"));
    exec(QualityDedupSql.EXACT_DEDUP);
    rows("SELECT EMBED_CLIP(content_uri) FROM lake.items WHERE id = '" + id + "'");
    Path recipe = dir.resolve("recipes/videos/v001.sql");
    Files.createDirectories(recipe.getParent());
    Files.writeString(recipe, "-- dataset: videos\n-- version: v001\n-- parent: none\n"
        + "-- description: sample videos\n-- license_policy: permissive, attribution\n"
        + "SELECT * FROM lake.items WHERE source = 'finevideo';\n");
    long versionSnapshot = new RecipeRunner(session).run(Recipe.read(recipe)).snapshotId();
    Path shardDir = dir.resolve("shards");
    rows("SELECT * FROM TABLE(WRITE_SHARDS(CURSOR(SELECT * FROM datasets.\"videos@v001\"), '"
        + shardDir + "', '{\"max_samples\": 2}'))");
    String shardSet = (String) scalar("SELECT MIN(options_hash) FROM lake.shards");
    // the loader's rows in obs.metrics (stage 'loader'; labels name version, shard set, run)
    exec("INSERT INTO obs.metrics (run_id, recorded_at, stage, metric, \"value\", labels) VALUES "
        + "('r-load', CURRENT_TIMESTAMP, 'loader', 'items_per_s', 120.5, '{\"version\":"
        + "\"videos@v001\",\"shard_set\":\"" + shardSet + "\",\"run_id\":\"train-7\"}'), "
        + "('r-other', CURRENT_TIMESTAMP, 'loader', 'items_per_s', 1.0, '{\"version\":"
        + "\"videos@v001\",\"shard_set\":\"another-set\",\"run_id\":\"train-8\"}')");

    List<List<Object>> hops = rows("SELECT hop_no, hop, name, detail, run_id, snapshot_id, occurred_at "
        + "FROM TABLE(LINEAGE('" + id + "')) ORDER BY hop_no");
    assertThat(hops).extracting(h -> h.get(1)).containsExactly("source", "blob", "asset",
        "asset", "asset", "quality", "dedup", "embedding", "version", "shard", "loader");
    for (int i = 0; i < hops.size(); i++) {
      assertThat(hops.get(i).get(0)).isEqualTo(i + 1);
    }
    // 1. the source file, connector and the run that ingested it
    JsonNode source = detail(hops.get(0));
    assertThat(hops.get(0).get(2)).isEqualTo(file.toString());
    assertThat(source.path("connector").asText()).isEqualTo("read_finevideo");
    assertThat(source.path("connector_version").asText()).isNotBlank();
    assertThat(source.path("license").asText()).isEqualTo("CC-BY-4.0");
    assertThat(source.path("license_class").asText()).isEqualTo("attribution");
    assertThat(hops.get(0).get(4)).isEqualTo(ingestRun);
    assertThat(source.path("run_status").asText()).isEqualTo("ok");
    // 2. the blob
    assertThat(hops.get(1).get(2)).isEqualTo(uri);
    assertThat(detail(hops.get(1)).path("in_store").asBoolean()).isTrue();
    // 3. its keyframes, in time order
    for (int i = 0; i < 3; i++) {
      List<Object> h = hops.get(2 + i);
      assertThat(h.get(2)).isEqualTo(frames.get(i).asText());
      assertThat(detail(h).path("kind").asText()).isEqualTo("keyframe");
      assertThat(detail(h).path("transform").asText()).isEqualTo("VIDEO_KEYFRAMES");
      assertThat(detail(h).path("config").path("n").asInt()).isEqualTo(3);
      assertThat(engine.lakehouse().cas().contains((String) h.get(2))).isTrue();
    }
    // 4. quality and dedup decisions with their rules and thresholds
    JsonNode quality = detail(hops.get(5));
    assertThat(quality.path("rules_version").asText()).isEqualTo(scalar(
        "SELECT rules_version FROM lake.quality WHERE item_id = '" + id + "'"));
    assertThat(quality.path("thresholds").isObject()).isTrue();
    assertThat(hops.get(5).get(2)).isEqualTo(quality.path("status").asText());
    JsonNode dedup = detail(hops.get(6));
    assertThat(dedup.path("method").asText()).isEqualTo("exact");
    assertThat(dedup.path("threshold").asDouble()).isEqualTo(1.0);
    assertThat(dedup.path("cluster_id").asText()).isNotBlank();
    assertThat(scalar("SELECT COUNT(*) FROM lake.dedup WHERE cluster_id = '"
        + dedup.path("cluster_id").asText() + "'")).as("the planted copy").isEqualTo(2L);
    // 5. the embedding
    assertThat(detail(hops.get(7)).path("model_version").asText()).isNotBlank();
    assertThat(hops.get(7).get(2)).isEqualTo(scalar("SELECT model || '@' || model_version "
        + "FROM lake.embeddings"));
    // 6. the version that holds it, at its tagged snapshot
    assertThat(hops.get(8).get(2)).isEqualTo("videos@v001");
    assertThat(hops.get(8).get(5)).isEqualTo(versionSnapshot);
    // 7. the shard that holds it: the tar really has the item's member under the key
    List<Object> shardHop = hops.get(9);
    JsonNode shard = detail(shardHop);
    assertThat(shard.path("version").asText()).isEqualTo("videos@v001");
    assertThat(shard.path("shard_set").asText()).isEqualTo(shardSet);
    assertThat(scalar("SELECT COUNT(*) FROM lake.shards WHERE shard = '" + shardHop.get(2)
        + "' AND uri = '" + shard.path("uri").asText() + "'")).isEqualTo(1L);
    assertThat(members(Path.of(URI.create(shard.path("uri").asText()))))
        .contains(shard.path("key").asText() + ".json");
    assertThat(shardHop.get(5)).isEqualTo(versionSnapshot);
    // 8. the loader run that read that shard set (not the one that read another set)
    assertThat(hops.get(10).get(4)).isEqualTo("train-7");
    assertThat(detail(hops.get(10)).path("metrics").path("items_per_s").asDouble())
        .isEqualTo(120.5);

    // every video of the version is a shard member exactly once
    assertThat(scalar("SELECT COUNT(*) FROM lake.assets WHERE kind = 'shard_member'"))
        .isEqualTo(scalar("SELECT COUNT(*) FROM datasets.\"videos@v001\""));

    // the reverse form: items of the version from this file / decided by this rule
    assertThat(rows("SELECT item_id FROM TABLE(LINEAGE_ITEMS('videos@v001', 'source_file', '"
        + file.getFileName() + "'))")).containsExactly(List.of(id));
    assertThat(rows("SELECT item_id FROM TABLE(LINEAGE_ITEMS('videos@v001', 'source_file', '"
        + file + "'))")).containsExactly(List.of(id));
    assertThat(scalar("SELECT COUNT(*) FROM TABLE(LINEAGE_ITEMS('videos@v001', 'quality_rule', '"
        + quality.path("rules_version").asText() + "'))"))
        .isEqualTo(scalar("SELECT COUNT(*) FROM datasets.\"videos@v001\" v WHERE EXISTS "
            + "(SELECT 1 FROM lake.quality q WHERE q.item_id = v.id)"));
    assertThat(scalar("SELECT COUNT(*) FROM TABLE(LINEAGE_ITEMS('videos@v001', 'ingest_run', '"
        + ingestRun + "'))")).isEqualTo(scalar("SELECT COUNT(*) FROM datasets.\"videos@v001\""));
    assertThat(scalar("SELECT COUNT(*) FROM TABLE(LINEAGE_ITEMS('videos@v001', 'license', "
        + "'non-commercial'))")).isEqualTo(0L);
    assertThatThrownBy(() -> rows("SELECT * FROM TABLE(LINEAGE_ITEMS('videos@v001', 'colour', "
        + "'red'))")).hasMessageContaining("source_file");
    assertThatThrownBy(() -> rows("SELECT * FROM TABLE(LINEAGE('" + "0".repeat(64) + "'))"))
        .hasMessageContaining("No item");

    // mmlake trace prints the same hops as a tree
    session.close();
    engine.close();
    CliRun trace = CliRun.run("trace", "--home", dir.resolve("lakehouse").toString(), id);
    engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lakehouse")));
    session = engine.newSession("tester");
    assertThat(trace.code()).as(trace.err()).isZero();
    assertThat(trace.lines().get(0)).isEqualTo("item " + id);
    assertThat(trace.out()).contains("├─ source    " + file)
        .contains("├─ asset     " + frames.get(0).asText()).contains("└─ loader    train-7")
        .contains("snapshot=" + versionSnapshot);
  }

  @Test
  void unknownItemIsAClearError() {
    assertThatThrownBy(() -> new ItemLineage(engine.lakehouse()).trace("nope"))
        .isInstanceOf(MmlakeException.class).hasMessageContaining("No item nope in lake.items");
  }

  private static List<String> members(Path tar) throws Exception {
    List<String> names = new ArrayList<>();
    try (InputStream in = Files.newInputStream(tar);
         TarArchiveInputStream t = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = t.getNextEntry()) != null) {
        names.add(e.getName());
      }
    }
    return names;
  }

  private static JsonNode detail(List<Object> hop) throws Exception {
    return JSON.readTree((String) hop.get(3));
  }

  private StatementResult exec(String sql) {
    StatementResult r = session.execute(sql);
    r.close();
    return r;
  }

  private List<List<Object>> rows(String sql) {
    return QueryRows.of(session, sql);
  }

  private Object scalar(String sql) {
    return rows(sql).get(0).get(0);
  }
}
