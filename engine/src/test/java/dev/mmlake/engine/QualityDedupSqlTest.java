package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.cas.Sha256;
import dev.mmlake.demo.SampleIngest;
import dev.mmlake.engine.dedup.QualityDedupSql;
import dev.mmlake.samples.SampleCorpus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** QUALITY_SCORE, EXACT_DEDUP and ANN_DEDUP through SQL on the sample corpus. */
class QualityDedupSqlTest extends EngineTestBase {

  @Test
  void scoresEveryItemAndFindsThePlantedDuplicatesOnly() throws Exception {
    Path samples = dir.resolve("samples");
    SampleCorpus.generate(samples);
    for (String sql : SampleIngest.statements(samples)) {
      exec(sql);
    }
    JsonNode manifest = new ObjectMapper().readTree(samples.resolve("samples-manifest.json").toFile());

    // quality: every item scored, materialized into lake.quality with its thresholds
    StatementResult q = exec(QualityDedupSql.SCORE_ITEMS);
    long items = (Long) scalar("SELECT COUNT(*) FROM lake.items");
    assertThat(q.updateCount()).isEqualTo(items);

    assertThat(rows("SELECT status, reason FROM lake.quality WHERE item_id = '"
        + id(manifest.at("/special/blurred_image")) + "'").get(0).get(1).toString())
        .startsWith("blurry");
    assertThat(rows("SELECT reason FROM lake.quality WHERE item_id = '"
        + id(manifest.at("/empty_texts/0")) + "'").get(0).get(0).toString()).startsWith("empty");
    assertThat(scalar("SELECT COUNT(*) FROM lake.quality WHERE thresholds IS NULL")).isEqualTo(0L);

    // exact duplicates: one kept per group
    exec(QualityDedupSql.EXACT_DEDUP);
    Set<Set<String>> exactGroups = clusters("exact");
    for (JsonNode group : manifest.get("exact_duplicates")) {
      Set<String> members = members(group);
      if (members.size() > 1 && group.get("what").asText().contains("COCO")) {
        assertThat(exactGroups).anySatisfy(c -> assertThat(c).containsAll(members));
      }
    }

    // near duplicates: texts by EMBED_TEXT, images by IMAGE_THUMB_VECTOR
    exec(QualityDedupSql.TEXT_NEAR_DEDUP);
    exec(QualityDedupSql.IMAGE_NEAR_DEDUP);
    Set<Set<String>> near = clusters("ann");
    Set<String> planted = new HashSet<>();
    for (JsonNode group : manifest.get("near_duplicates")) {
      Set<String> members = members(group);
      planted.addAll(members);
      assertThat(near).as(group.get("what").asText())
          .anySatisfy(c -> assertThat(c).containsAll(members));
    }
    for (JsonNode group : manifest.get("exact_duplicates")) {
      planted.addAll(members(group));
    }
    for (Set<String> c : near) {
      assertThat(planted).as("no distinct items merged").containsAll(c);
    }
    assertThat(scalar("SELECT COUNT(*) FROM obs.metrics WHERE stage = 'dedup'"))
        .isNotEqualTo(0L);
  }

  private Set<Set<String>> clusters(String methodPrefix) {
    Map<String, Set<String>> byCluster = new HashMap<>();
    for (List<Object> r : rows("SELECT cluster_id, item_id FROM lake.dedup WHERE \"method\" LIKE '"
        + methodPrefix + "%' AND cluster_id IS NOT NULL")) {
      byCluster.computeIfAbsent((String) r.get(0), k -> new HashSet<>()).add((String) r.get(1));
    }
    Set<Set<String>> out = new HashSet<>();
    byCluster.values().stream().filter(s -> s.size() > 1).forEach(out::add);
    return out;
  }

  private static Set<String> members(JsonNode group) {
    Set<String> out = new HashSet<>();
    for (JsonNode m : group.get("members")) {
      out.add(id(m));
    }
    return out;
  }

  private static String id(JsonNode m) {
    String source = m.get("source").asText();
    return Sha256.hex(source + ":" + m.get("source_id").asText());
  }
}
