package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.cas.ContentRef;
import dev.mmlake.demo.SampleIngest;
import dev.mmlake.engine.dedup.QualityDedupSql;
import dev.mmlake.samples.SampleCorpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The demo's stages on the sample corpus write {@code obs.metrics}: ingestion, embeddings,
 * quality, dedup, versions, catalog and shards, with units, timestamps and the label columns;
 * every run has cost rows; a stage that fails gets a FAIL event, and its item failures name the
 * item and its modality.
 */
class PipelineMetricsTest extends VersionsTestBase {

  @Test
  void everyStageWritesMetrics() throws Exception {
    Path samples = dir.resolve("samples");
    SampleCorpus.generate(samples);
    for (String sql : SampleIngest.statements(samples)) {
      exec(sql);
    }
    exec(QualityDedupSql.SCORE_ITEMS);
    exec(QualityDedupSql.EXACT_DEDUP);
    // embeddings of a sixteenth of the texts (ids are hex): the embed stage without its cost
    rows("SELECT id, EMBED_TEXT(text) FROM lake.items WHERE modality = 'text' "
        + "AND text IS NOT NULL AND id < '1'");
    exec(QualityDedupSql.IMAGE_NEAR_DEDUP);
    Path recipe = recipe("coco/v001.sql", header("coco", "v001", "none", "")
        + "SELECT * FROM lake.items WHERE source = 'coco';\n");
    new RecipeRunner(session).run(Recipe.read(recipe));
    rows("SELECT shard FROM TABLE(WRITE_SHARDS(CURSOR(SELECT * FROM datasets.coco), '"
        + dir.resolve("shards").toString().replace('\\', '/') + "', '{\"max_samples\": 4}'))");
    engine.flushRunLog();

    Set<Object> stages = new HashSet<>();
    rows("SELECT DISTINCT stage FROM obs.metrics").forEach(r -> stages.add(r.get(0)));
    assertThat(stages).contains("ingest", "embed", "quality", "dedup", "versions", "catalog",
        "shards");
    // ingestion per source and modality, in the label columns BI tools group by
    assertThat(((Number) scalar("SELECT SUM(\"value\") FROM obs.metrics WHERE stage = 'ingest' "
        + "AND metric = 'rows_accepted' AND modality = 'image' AND source = 'coco'"))
        .longValue()).isEqualTo((Long) scalar(
            "SELECT COUNT(*) FROM lake.items WHERE source = 'coco' AND modality = 'image'"));
    assertThat((Long) scalar("SELECT COUNT(*) FROM obs.metrics WHERE stage = 'ingest' "
        + "AND metric = 'bytes_to_cas' AND unit = 'bytes' AND \"value\" > 0")).isPositive();
    // quality: DiversityMetrics.quality over the verdicts written
    double passRate = ((Number) scalar("SELECT MAX(\"value\") FROM obs.metrics "
        + "WHERE stage = 'quality' AND metric = 'pass_rate'")).doubleValue();
    double expected = ((Number) scalar("SELECT CAST(SUM(CASE WHEN status = 'pass' THEN 1 ELSE 0 "
        + "END) AS DOUBLE) / COUNT(*) FROM lake.quality")).doubleValue();
    assertThat(passRate).isEqualTo(expected);
    assertThat((Long) scalar("SELECT COUNT(*) FROM obs.metrics WHERE stage = 'quality' "
        + "AND metric = 'fail_reason_count'")).isPositive();
    // embeddings per model, versions size, catalog state, dedup entropy
    assertThat((Long) scalar("SELECT COUNT(*) FROM obs.metrics WHERE stage = 'embed' "
        + "AND metric = 'vectors_added' AND model IS NOT NULL")).isPositive();
    assertThat(((Number) scalar("SELECT MAX(\"value\") FROM obs.metrics WHERE stage = 'versions' "
        + "AND metric = 'version_rows'")).longValue()).isEqualTo(
            (Long) scalar("SELECT COUNT(*) FROM lake.items WHERE source = 'coco'"));
    assertThat((Long) scalar("SELECT COUNT(*) FROM obs.metrics WHERE stage = 'catalog' "
        + "AND metric = 'items_by_license'")).isPositive();
    assertThat((Long) scalar("SELECT COUNT(*) FROM obs.metrics WHERE stage = 'dedup' "
        + "AND metric = 'cluster_size_entropy'")).isPositive();
    // every row has a time; every statement run has a cost
    assertThat(scalar("SELECT COUNT(*) FROM obs.metrics WHERE ts IS NULL")).isEqualTo(0L);
    assertThat((Long) scalar("SELECT COUNT(DISTINCT run_id) FROM obs.metrics "
        + "WHERE metric = 'cost' AND unit = 'usd'")).isGreaterThanOrEqualTo(
            (Long) scalar("SELECT COUNT(*) FROM obs.runs WHERE statement_kind = 'INSERT'"));
  }

  @Test
  void failingStageSendsFailAndNamesTheFailedItem() throws Exception {
    ContentRef garbage = engine.lakehouse().cas().put(
        "not a jpeg at all".getBytes(StandardCharsets.UTF_8));
    String id = itemId("coco", "broken");
    exec("INSERT INTO lake.items (id, source, source_id, modality, content_hash, content_uri) "
        + "VALUES ('" + id + "', 'coco', 'broken', 'image', '" + garbage.hash() + "', '"
        + garbage.uri() + "')");
    exec("CREATE TABLE lake.fail_probe (n INT)");
    // the decode fails (recorded, by content only), then the statement fails
    assertThatThrownBy(() -> exec("INSERT INTO lake.fail_probe SELECT CAST(source_id || 'x' AS "
        + "INTEGER) FROM lake.items WHERE id = '" + id + "' AND IMAGE_THUMB_VECTOR(content_uri) "
        + "IS NULL"));
    engine.flushRunLog();
    String runId = (String) scalar("SELECT run_id FROM obs.runs WHERE status = 'error' "
        + "AND statement_text LIKE '%fail_probe SELECT%'");

    List<List<Object>> events = rows("SELECT event_type FROM obs.lineage_events WHERE run_id = '"
        + runId + "' ORDER BY event_time");
    assertThat(events).extracting(r -> r.get(0)).containsExactly("START", "FAIL");
    List<List<Object>> failures = rows("SELECT item_id, modality, source, stage FROM obs.failures "
        + "WHERE run_id = '" + runId + "'");
    assertThat(failures).containsExactly(List.of(id, "image", "coco", "decode"));
    assertThat(scalar("SELECT \"value\" FROM obs.metrics WHERE run_id = '" + runId
        + "' AND metric = 'failures' AND modality = 'image' AND source = 'coco'"))
        .isEqualTo(1.0);
    assertThat(scalar("SELECT labels FROM obs.metrics WHERE run_id = '" + runId
        + "' AND metric = 'runs'").toString()).contains("\"status\":\"error\"");
  }
}
