package dev.mmlake.datasheet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.datasheet.Sheet.Bar;
import dev.mmlake.datasheet.Sheet.Chart;
import dev.mmlake.datasheet.Sheet.Section;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.RecipeRunner;
import dev.mmlake.versions.VersionName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasheetTest {
  private static final String ODD = "x<b>&y";
  @TempDir Path dir;
  Engine engine;
  Session session;

  @BeforeEach
  void open() throws IOException {
    Lakehouse lakehouse = Lakehouse.open(LakehouseConfig.embedded(dir.resolve("lakehouse")));
    Engine.init(lakehouse);
    engine = Engine.of(lakehouse);
    session = engine.newSession("tester");
    exec("INSERT INTO lake.items (id, source, source_id, modality, license, size_bytes, text) "
        + "VALUES " + item("coco", "1", "image", "CC-BY-4.0", 100) + ", "
        + item("coco", "2", "image", "CC-BY-4.0", 200) + ", "
        + item("coco", "3", "image", "CC-BY-NC-4.0", 300) + ", "
        + item("coco", "4", "image", "CC-BY-4.0", 400) + ", "
        + item("coco", "5", "image", "CC-BY-4.0", 500) + ", "
        + item("web", "1", "text", "CC0-1.0", 10) + ", "
        + item(ODD, "1", "text", "CC0-1.0", 20));
    exec("INSERT INTO lake.quality (item_id, status, reason, score) VALUES "
        + "('" + id("coco", "4") + "', 'fail', 'too_small: 8x8 px', 0.1), "
        + "('" + id("web", "1") + "', 'pass', 'ok', 0.9), "
        + "('" + id("coco", "1") + "', 'pass', 'ok', 0.8)");
    exec("INSERT INTO lake.dedup (item_id, cluster_id, kept) VALUES "
        + "('" + id("coco", "1") + "', '" + id("coco", "1") + "', TRUE), "
        + "('" + id("coco", "5") + "', '" + id("coco", "1") + "', FALSE), "
        + "('" + id("coco", "2") + "', '" + id("coco", "2") + "', TRUE)");
    Path recipe = dir.resolve("t/v001.sql");
    Files.createDirectories(recipe.getParent());
    Files.writeString(recipe, "-- dataset: t\n-- version: v001\n-- parent: none\n"
        + "-- description: Cleaned <items> & more\n-- owner: data-team\n"
        + "SELECT i.* FROM lake.items AS i WHERE i.id NOT IN (SELECT item_id FROM lake.quality "
        + "WHERE status = 'fail') AND i.id NOT IN (SELECT item_id FROM lake.dedup WHERE NOT kept)");
    new RecipeRunner(session).run(Recipe.read(recipe));
  }

  @AfterEach
  void close() {
    session.close();
    engine.close();
  }

  @Test
  void datasheetFollowsTheHeadingsAndMatchesSqlCounts() throws IOException {
    Datasheets.Written w = Datasheets.write(session, VersionName.parse("t@v001"),
        dir.resolve("out"));
    List<String> headings = w.sheet().sections().stream().map(Section::heading).toList();
    assertThat(headings).containsExactly("Motivation", "Composition", "Collection process",
        "Preprocessing / cleaning / labeling", "Uses", "Distribution", "Maintenance");

    assertThat(bars(w.sheet(), "Instances by source"))
        .isEqualTo(counts("SELECT source, COUNT(*) FROM datasets.\"t@v001\" GROUP BY source"));
    assertThat(bars(w.sheet(), "Instances by modality")).isEqualTo(
        counts("SELECT modality, COUNT(*) FROM datasets.\"t@v001\" GROUP BY modality"));
    assertThat(bars(w.sheet(), "Instances by license class")).isEqualTo(counts(
        "SELECT l.\"class\", COUNT(*) FROM datasets.\"t@v001\" AS d JOIN lake.licenses AS l "
        + "ON d.license = l.license_id GROUP BY l.\"class\""));
    assertThat(bars(w.sheet(), "Instances by license class"))
        .containsEntry("attribution", 2.0).containsEntry("non-commercial", 1.0)
        .containsEntry("permissive", 2.0);
    assertThat(bars(w.sheet(), "Quality fail reasons")).containsExactly(Map.entry("too_small",
        1.0));
    assertThat(bars(w.sheet(), "Dedup clusters by size (items per cluster, every method)"))
        .containsEntry("size 1", 1.0).containsEntry("size 2", 1.0);
    assertThat(bars(w.sheet(), "Deduplication decisions by method"))
        .containsEntry("unknown: kept", 2.0).containsEntry("unknown: removed", 1.0);

    String md = Files.readString(w.markdown());
    String html = Files.readString(w.html());
    long rows = ((Number) rows("SELECT COUNT(*) FROM datasets.\"t@v001\"").get(0).get(0))
        .longValue();
    assertThat(rows).isEqualTo(5);
    for (String h : headings) {
      assertThat(md).contains("## " + MarkdownRenderer.inline(h));
      assertThat(html).contains("<h2>" + h + "</h2>");
    }
    assertThat(md).contains("| Instances (rows) | " + rows + " |").contains("| coco | 3 |");
    assertThat(html).contains("Instances (rows)</td><td>" + rows + "<");
    // data text is escaped; the page loads nothing from elsewhere
    assertThat(html).contains("x&lt;b&gt;&amp;y").doesNotContain(ODD)
        .contains("Cleaned &lt;items&gt; &amp; more").contains("<svg")
        .doesNotContain("<script").doesNotContain("<link").doesNotContain("src=")
        .doesNotContain("url(");
    assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http");
    assertThat(md).contains("x\\<b\\>&y").contains("owner");
    unknownVersionIsNamed();
  }

  @Test
  void evaluationSectionShowsTheLatestEvalResultsOfTheVersion() {
    assertThat(new DatasheetBuilder(session).build(VersionName.parse("t@v001")).sections()
        .stream().map(Section::heading)).doesNotContain("Evaluation"); // no eval recorded yet
    String cols = "INSERT INTO lake.evals (dataset, version, snapshot_id, eval, metric, split, "
        + "\"value\", evaluated_at) VALUES ";
    exec(cols + "('t', 'v001', 1, 'text_retrieval', 'recall@10', 'version', 0.5, "
        + "TIMESTAMP '2026-01-01 00:00:00'), ('t', 'v001', 1, 'text_retrieval', 'recall@10', "
        + "'version', 0.75, TIMESTAMP '2026-01-02 00:00:00'), ('other', 'v1', 2, "
        + "'text_retrieval', 'recall@10', 'version', 0.1, TIMESTAMP '2026-01-03 00:00:00')");
    Sheet sheet = new DatasheetBuilder(session).build(VersionName.parse("t@v001"));
    assertThat(sheet.sections().stream().map(Section::heading)).contains("Evaluation");
    // the latest run of the version's own rows only
    assertThat(bars(sheet, "Evaluation metrics")).containsExactly(
        Map.entry("text_retrieval recall@10", 0.75));
  }

  private void unknownVersionIsNamed() {
    assertThatThrownBy(() -> new DatasheetBuilder(session).build(VersionName.parse("t@v009")))
        .hasMessageContaining("t@v009").hasMessageContaining("dataset list");
  }

  private static Map<String, Double> bars(Sheet sheet, String title) {
    Map<String, Double> out = new LinkedHashMap<>();
    sheet.sections().stream().flatMap(s -> s.parts().stream())
        .filter(p -> p instanceof Chart c && c.title().equals(title))
        .flatMap(p -> ((Chart) p).bars().stream())
        .forEach((Bar b) -> out.put(b.label(), b.value()));
    assertThat(out).as("chart %s", title).isNotEmpty();
    return out;
  }

  private Map<String, Double> counts(String sql) {
    Map<String, Double> out = new LinkedHashMap<>();
    rows(sql).forEach(r -> out.put(String.valueOf(r.get(0)), ((Number) r.get(1)).doubleValue()));
    return out;
  }

  private List<List<Object>> rows(String sql) {
    return new LakeQueries(session).rows(sql);
  }

  private void exec(String sql) {
    session.execute(sql).close();
  }

  private static String id(String source, String sourceId) {
    return Sha256.hex(source + ":" + sourceId);
  }

  private static String item(String source, String sourceId, String modality, String license,
      long size) {
    return "('" + id(source, sourceId) + "', '" + source + "', '" + sourceId + "', '" + modality
        + "', '" + license + "', " + size + ", 'caption')";
  }
}
