package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The sample coco recipes (baseline, cleaned, permissive, takedown) and the reasons diff gives. */
class VersionDiffTest extends VersionsTestBase {
  static final Path RECIPES = Path.of("..", "sql", "recipes", "coco");

  @Test
  void diffExplainsEveryRemovalAndTakedownKeepsParentReadable() {
    addItems(session, "coco,139,image,cc-by-4.0,10", "coco,285,image,cc-by-nc-2.0,10",
        "coco,632,image,cc0-1.0,10", "coco,724,image,cc-by-4.0,10", "coco,776,image,cc-by-4.0,10",
        "flickr,9,image,cc-by-2.0,10", "fineweb,d1,text,odc-by-1.0,10");
    String i139 = itemId("coco", "139");
    exec("INSERT INTO lake.quality (item_id, status, reason) VALUES ('" + itemId("coco", "632") + "', 'fail', 'blurry'), ('"
        + i139 + "', 'pass', NULL)");
    exec("INSERT INTO lake.dedup (item_id, cluster_id, kept, nearest_id, similarity) VALUES ('" + itemId("coco", "724") + "', 'c1', FALSE, '" + i139
        + "', 0.97), ('" + i139 + "', 'c1', TRUE, NULL, 1.0)");
    RecipeRunner runner = new RecipeRunner(session);
    for (String v : List.of("v001", "v002", "v003")) {
      runner.run(Recipe.read(RECIPES.resolve(v + ".sql")));
    }
    List<List<Object>> v003Rows = rows("SELECT id, license FROM datasets.\"coco@v003\" ORDER BY id");
    long v003Snapshot = engine.lakehouse().table("datasets.coco").refs().get("v003").snapshotId();

    VersionRecord v4 = runner.run(Recipe.read(RECIPES.resolve("v004.sql")));

    assertThat(rows("SELECT item_id, change, reason_kind, reason FROM "
        + "TABLE(VERSION_DIFF('coco@v001', 'coco@v004')) ORDER BY reason_kind")).containsExactly(
        List.of(itemId("coco", "724"), "removed", "duplicate",
            "duplicate of " + i139 + " (similarity 0.97)"),
        List.of(itemId("coco", "285"), "removed", "license",
            "license cc-by-nc-2.0 (non-commercial) not allowed by license_policy permissive, "
                + "attribution"),
        List.of(itemId("coco", "632"), "removed", "quality", "quality fail: blurry"),
        List.of(itemId("coco", "776"), "removed", "takedown",
            "takedown: rights holder request RH-2026-0042 (COCO images 4191, 5204, 776, 785)"));
    assertThat(rows("SELECT item_id, change FROM TABLE(VERSION_DIFF('coco@v003', 'coco@v001')) "
        + "ORDER BY item_id")).containsExactlyInAnyOrder(List.of(itemId("coco", "285"), "added"),
        List.of(itemId("coco", "632"), "added"), List.of(itemId("coco", "724"), "added"));
    assertThat(VersionDiff.summary(new VersionDiff(engine.lakehouse()).compute(
        VersionName.parse("coco@v001"), VersionName.parse("coco@v002"))))
        .containsExactlyEntriesOf(new TreeMap<>(Map.of(
            "removed/duplicate", 1L, "removed/quality", 1L)));

    // the takedown: recorded with its reason, the parent version readable and unchanged
    assertThat(rows("SELECT dataset, version, item_id, source, requested_by FROM lake.takedowns"))
        .containsExactly(Arrays.asList("coco", "v004", itemId("coco", "776"), "coco",
            "legal@example.org"));
    assertThat(engine.lakehouse().table("datasets.coco").refs().get("v003").snapshotId())
        .isEqualTo(v003Snapshot);
    assertThat(rows("SELECT id, license FROM datasets.\"coco@v003\" ORDER BY id"))
        .isEqualTo(v003Rows).hasSize(3);
    assertThat(scalar("SELECT COUNT(*) FROM datasets.\"coco@v004\"")).isEqualTo(2L);
    assertThat(v4.parent()).isEqualTo(VersionName.parse("coco@v003"));
    assertThat(Manifest.parse(v4.manifest()).path("takedown").path("items_removed").asInt())
        .isEqualTo(1);

    // an item deleted from its source: the next version drops it and diff says why
    exec("DELETE FROM lake.items WHERE source = 'flickr'");
    runner.run(Recipe.parse(header("coco", "v005", "v004", "")
        + "SELECT i.* FROM datasets.\"coco@v004\" AS i WHERE i.id IN (SELECT id FROM lake.items)",
        null));
    assertThat(rows("SELECT item_id, reason_kind FROM TABLE(VERSION_DIFF('coco@v004', "
        + "'coco@v005'))")).containsExactly(List.of(itemId("flickr", "9"), "source_removed"));
  }
}
