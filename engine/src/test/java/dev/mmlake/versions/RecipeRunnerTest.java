package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.cas.Sha256;
import dev.mmlake.engine.PreparedSql;
import dev.mmlake.engine.SqlStatementException;
import dev.mmlake.engine.StatementResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

class RecipeRunnerTest extends VersionsTestBase {
  private static final String[] ITEMS = {
      "coco,139,image,cc-by-4.0,100", "coco,285,image,cc-by-nc-2.0,200",
      "coco,632,image,cc0-1.0,300", "flickr,9,image,cc-by-2.0,400",
      "fineweb,d1,text,odc-by-1.0,50"};

  @Test
  void runTagsSnapshotAndRecordsFullManifest() throws Exception {
    addItems(session, ITEMS);
    exec("INSERT INTO lake.quality (item_id, status, reason, rules_version) VALUES ('"
        + itemId("coco", "632") + "', 'fail', 'blurry', 'q1')");
    exec("INSERT INTO lake.embeddings (content_hash, model, model_version, dim, vector) VALUES "
        + "('h1', 'all-MiniLM-L6-v2', '1.19.0', 2, ARRAY[CAST(0.1 AS REAL), CAST(0.2 AS REAL)])");
    Path v1 = recipe("coco/v001.sql", header("coco", "v001", "none", "")
        + "SELECT * FROM lake.items WHERE modality = 'image';\n");
    boolean git = gitCommit(v1.getParent().getParent());
    long itemsSnapshot = currentSnapshot("lake.items");

    VersionRecord r1 = new RecipeRunner(session).run(Recipe.read(v1));

    Table coco = engine.lakehouse().table("datasets.coco");
    assertThat(coco.refs().get("v001").snapshotId()).isEqualTo(r1.snapshotId())
        .isEqualTo(coco.currentSnapshot().snapshotId());
    assertThat(r1.rowCount()).isEqualTo(4);
    List<String> imageIds = List.of(itemId("coco", "139"), itemId("coco", "285"),
        itemId("coco", "632"), itemId("flickr", "9"));
    assertThat(r1.itemsDigest()).isEqualTo(digestOf(imageIds));

    JsonNode m = Manifest.parse((String) scalar(
        "SELECT manifest FROM lake.versions WHERE name = 'coco@v001'"));
    assertThat(m.path("dataset").asText()).isEqualTo("coco");
    assertThat(m.path("version").asText()).isEqualTo("v001");
    assertThat(m.path("snapshot_id").asLong()).isEqualTo(r1.snapshotId());
    assertThat(m.path("parent").isNull()).isTrue();
    assertThat(m.path("recipe").path("path").asText()).isEqualTo(v1.toString());
    assertThat(m.path("recipe").path("sha256").asText())
        .isEqualTo(Sha256.hex(Files.readAllBytes(v1)));
    assertThat(new String(engine.lakehouse().cas().get(m.path("recipe").path("uri").asText()),
        StandardCharsets.UTF_8)).isEqualTo(Files.readString(v1));
    if (git) {
      assertThat(m.path("recipe").path("git_commit").asText()).isEqualTo(
          run(v1.getParent().getParent(), "git", "rev-parse", "HEAD"));
      assertThat(m.path("recipe").path("git_dirty").asBoolean()).isFalse();
      assertThat(m.path("recipe").path("git_path").asText()).isEqualTo("coco/v001.sql");
    }
    assertThat(m.path("created_at").asText()).isEqualTo(r1.createdAt().toString());
    assertThat(m.path("created_by").asText()).isEqualTo("tester");
    assertThat(m.path("row_count").asLong()).isEqualTo(4);
    assertThat(m.path("items_digest").asText()).isEqualTo(r1.itemsDigest());
    assertThat(m.path("counts").path("source").toString()).isEqualTo("{\"coco\":3,\"flickr\":1}");
    assertThat(m.path("counts").path("modality").toString()).isEqualTo("{\"image\":4}");
    assertThat(m.path("counts").path("license").path("cc-by-nc-2.0").asLong()).isEqualTo(1);
    assertThat(m.path("inputs").path("lake.items").asLong()).isEqualTo(itemsSnapshot);
    assertThat(m.path("models").path("versions")).isEmpty();
    assertThat(m.path("thresholds").isEmpty()).isTrue();
    assertThat(m.path("transforms").isArray()).isTrue();
    assertThat(m.path("metrics").path("total_bytes").asLong()).isEqualTo(1000);
    assertThat(new String(engine.lakehouse().cas().get(r1.manifestUri()), StandardCharsets.UTF_8))
        .isEqualTo(r1.manifest());

    // v002: child of v001, reads quality and embeddings, permissive licenses only
    Path v2 = recipe("coco/v002.sql", header("coco", "v002", "v001",
        "-- license_policy: permissive, attribution\n-- quality_threshold: 0.5\n")
        + "SELECT COUNT(*) FROM lake.embeddings;\n"
        + "SELECT i.id, i.source, i.license, i.size_bytes FROM datasets.\"coco@v001\" AS i\n"
        + "WHERE NOT EXISTS (SELECT 1 FROM lake.quality q WHERE q.item_id = i.id "
        + "AND q.status = 'fail')\n  AND LOWER(i.license) IN ('cc-by-4.0', 'cc-by-2.0', "
        + "'cc0-1.0');\n");
    VersionRecord r2 = new RecipeRunner(session).run(Recipe.read(v2));
    assertThat(r2.rowCount()).isEqualTo(2);
    assertThat(r2.parent()).isEqualTo(r1.name());
    JsonNode m2 = Manifest.parse(r2.manifest());
    assertThat(m2.path("parent_snapshot_id").asLong()).isEqualTo(r1.snapshotId());
    assertThat(m2.path("inputs").path("datasets.coco@v001").asLong()).isEqualTo(r1.snapshotId());
    assertThat(m2.path("models").path("versions").get(0).path("model_version").asText())
        .isEqualTo("1.19.0");
    assertThat(m2.path("thresholds").path("quality").path("settings").toString())
        .contains("\"rules_version\":\"q1\"");
    assertThat(m2.path("thresholds").path("declared").path("quality_threshold").asText())
        .isEqualTo("0.5");
    assertThat(m2.path("license_policy").path("spec").asText())
        .isEqualTo("permissive, attribution");
    assertThat(m2.path("license_policy").path("classes").toString())
        .isEqualTo("[\"attribution\",\"permissive\"]");

    // both versions by name through plain SQL and a prepared statement; columns as of each version
    assertThat(scalar("SELECT COUNT(*) FROM datasets.\"coco@v001\"")).isEqualTo(4L);
    assertThat(scalar("SELECT COUNT(*) FROM datasets.\"coco@v002\"")).isEqualTo(2L);
    assertThat(scalar("SELECT COUNT(*) FROM datasets.coco")).isEqualTo(2L);
    assertThat(rows("SELECT modality FROM datasets.\"coco@v001\" WHERE source = 'flickr'"))
        .containsExactly(List.of("image"));
    try (PreparedSql ps = session.prepare(
        "SELECT COUNT(*) FROM datasets.\"coco@v001\" WHERE source = ?");
         StatementResult res = ps.execute(List.of("coco"))) {
      assertThat(drain(res.resultSet())).containsExactly(List.of(3L));
    }
    assertThat(rows("SELECT name, parent, row_count FROM lake.versions ORDER BY created_at"))
        .containsExactly(Arrays.<Object>asList("coco@v001", null, 4L),
            Arrays.<Object>asList("coco@v002", "coco@v001", 2L));
  }

  @Test
  void failureMidRecipeLeavesNoVersionAndPutsTablesBack() {
    addItems(session, ITEMS);
    VersionRecord r1 = new RecipeRunner(session).run(Recipe.parse(header("coco", "v001", "none",
        "") + "SELECT * FROM lake.items", null));
    long takedownsBefore = currentSnapshot("lake.takedowns");
    exec("CREATE TABLE scratch.keep (id VARCHAR)");
    exec("INSERT INTO scratch.keep VALUES ('a')");
    long keepBefore = currentSnapshot("scratch.keep");

    String bad = header("coco", "v002", "v001", "")
        + "CREATE TABLE scratch.tmp AS SELECT id FROM datasets.\"coco@v001\";\n"
        + "INSERT INTO scratch.keep VALUES ('b');\n"
        + "INSERT INTO lake.takedowns (takedown_id, dataset, item_id) VALUES ('t', 'coco', 'x');\n"
        + "SELECT id, no_such_column FROM datasets.\"coco@v001\";\n";
    assertThatThrownBy(() -> new RecipeRunner(session).run(Recipe.parse(bad, "bad.sql")))
        .isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("bad.sql, line 8")
        .hasMessageContaining("no_such_column");
    assertNothingChanged(r1, keepBefore, takedownsBefore);

    // a rule broken after the rows were computed: duplicate ids
    String dup = header("coco", "v002", "v001", "")
        + "INSERT INTO scratch.keep VALUES ('c');\n"
        + "SELECT * FROM datasets.\"coco@v001\" UNION ALL SELECT * FROM datasets.\"coco@v001\"";
    assertThatThrownBy(() -> new RecipeRunner(session).run(Recipe.parse(dup, null)))
        .isInstanceOf(RecipeException.class).hasMessageContaining("more than once");
    assertNothingChanged(r1, keepBefore, takedownsBefore);
    assertThat(scalar("SELECT COUNT(*) FROM scratch.keep")).isEqualTo(1L);

    // and its license policy
    String lic = header("coco", "v002", "v001", "-- license_policy: cc0-1.0\n")
        + "SELECT * FROM datasets.\"coco@v001\"";
    assertThatThrownBy(() -> new RecipeRunner(session).run(Recipe.parse(lic, null)))
        .isInstanceOf(RecipeException.class).hasMessageContaining("license_policy");
    assertNothingChanged(r1, keepBefore, takedownsBefore);
  }

  private void assertNothingChanged(VersionRecord r1, long keepBefore, long takedownsBefore) {
    Table coco = engine.lakehouse().table("datasets.coco");
    assertThat(coco.currentSnapshot().snapshotId()).isEqualTo(r1.snapshotId());
    assertThat(coco.refs()).containsOnlyKeys("main", "v001");
    assertThat(coco.snapshots()).hasSize(1);
    assertThat(new VersionStore(engine.lakehouse()).list()).hasSize(1);
    assertThat(currentSnapshot("lake.takedowns")).isEqualTo(takedownsBefore);
    assertThat(currentSnapshot("scratch.keep")).isEqualTo(keepBefore);
    assertThat(engine.lakehouse().catalog().tableExists(
        TableIdentifier.parse("scratch.tmp"))).isFalse();
    assertThat(engine.lakehouse().catalog().listTables(RecipeRunner.STAGING)).isEmpty();
  }

  @Test
  void refusesToReuseAVersionName() {
    addItems(session, ITEMS);
    String text = header("coco", "v001", "none", "") + "SELECT * FROM lake.items";
    VersionRecord r1 = new RecipeRunner(session).run(Recipe.parse(text, null));
    String other = header("coco", "v001", "none", "")
        + "SELECT * FROM lake.items WHERE modality = 'text'";
    assertThatThrownBy(() -> new RecipeRunner(session).run(Recipe.parse(other, null)))
        .isInstanceOf(RecipeException.class)
        .hasMessageContaining("Version coco@v001 already exists");
    assertThat(engine.lakehouse().table("datasets.coco").currentSnapshot().snapshotId())
        .isEqualTo(r1.snapshotId());
    assertThat(scalar("SELECT COUNT(*) FROM datasets.\"coco@v001\"")).isEqualTo(5L);
    // an empty version is still a version: its own snapshot and tag
    VersionRecord empty = new RecipeRunner(session).run(Recipe.parse(header("none", "v1", "none",
        "") + "SELECT * FROM lake.items WHERE modality = 'video'", null));
    assertThat(empty.rowCount()).isZero();
    assertThat(empty.itemsDigest()).isEqualTo(digestOf(List.of()));
    assertThat(scalar("SELECT COUNT(*) FROM datasets.\"none@v1\"")).isEqualTo(0L);
    assertThatThrownBy(() -> Recipe.parse("-- dataset: coco\n-- version: v9\nSELECT 1", "x.sql"))
        .isInstanceOf(RecipeException.class).hasMessageContaining("'-- parent: ...'");
    assertThatThrownBy(() -> Recipe.parse(header("coco", "v9", "none", "") + "DELETE FROM lake.t",
        "x.sql")).isInstanceOf(RecipeException.class).hasMessageContaining("must be a SELECT");
    assertThatThrownBy(() -> new RecipeRunner(session).run(Recipe.parse(
        header("coco", "v3", "v2", "") + "SELECT 1 AS id", null)))
        .isInstanceOf(RecipeException.class).hasMessageContaining("parent version coco@v2");
  }

  /** Commits everything under {@code repo} in a new git repository; false without git. */
  private static boolean gitCommit(Path repo) {
    try {
      run(repo, "git", "init", "-q");
      run(repo, "git", "add", "-A");
      run(repo, "git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q",
          "-m", "recipes");
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static String run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
    }
    return out;
  }
}
