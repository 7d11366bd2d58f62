package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.RecipeRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BiViewsTest {
  @TempDir Path dir;

  @Test
  void everyViewFileIsInstalledAndQueryable() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../sql/views"))) {
      assertThat(files.map(p -> p.getFileName().toString().replace(".sql", "")))
          .containsExactlyInAnyOrderElementsOf(BiViews.NAMES);
    }
    Lakehouse lakehouse = Lakehouse.open(LakehouseConfig.embedded(dir.resolve("lh")));
    Engine.init(lakehouse);
    try (Engine engine = Engine.of(lakehouse); Session s = engine.newSession("tester")) {
      assertThat(BiViews.install(engine)).isEqualTo(BiViews.NAMES.size());
      assertThat(BiViews.install(engine)).as("unchanged views are left alone").isZero();
      for (String name : BiViews.NAMES) {
        assertThat(lakehouse.catalog().viewExists(TableIdentifier.of("bi", name))).isTrue();
      }
      s.execute("INSERT INTO lake.items (id, source, source_id, modality, license, size_bytes, "
          + "ingested_at) VALUES ('" + Sha256.hex("coco:1") + "', 'coco', '1', 'image', "
          + "'CC-BY-4.0', 100, TIMESTAMP '2026-01-02 10:00:00'), ('" + Sha256.hex("coco:2")
          + "', 'coco', '2', 'image', 'CC-BY-4.0', 50, TIMESTAMP '2026-01-02 23:00:00'), ('"
          + Sha256.hex("web:1") + "', 'web', '1', 'text', 'CC0-1.0', 7, "
          + "TIMESTAMP '2026-01-03 01:00:00')").close();
      s.execute("INSERT INTO obs.failures (failure_id, stage, error_type, modality, source, "
          + "occurred_at) VALUES ('f1', 'decode', 'corrupt_jpeg', 'image', 'coco', "
          + "TIMESTAMP '2026-01-02 10:00:00'), ('f2', 'decode', 'corrupt_jpeg', 'image', 'coco', "
          + "TIMESTAMP '2026-01-02 11:00:00')").close();
      s.execute("INSERT INTO lake.quality (item_id, status, reason) VALUES ('"
          + Sha256.hex("coco:1") + "', 'pass', 'ok'), ('" + Sha256.hex("coco:2")
          + "', 'fail', 'too_small: 1px'), ('" + Sha256.hex("web:1") + "', 'pass', 'ok')")
          .close();
      Path recipe = dir.resolve("t/v001.sql");
      Files.createDirectories(recipe.getParent());
      Files.writeString(recipe, "-- dataset: t\n-- version: v001\n-- parent: none\n"
          + "-- description: passed items\nSELECT i.* FROM lake.items AS i WHERE i.id IN "
          + "(SELECT item_id FROM lake.quality WHERE status = 'pass')");
      new RecipeRunner(s).run(Recipe.read(recipe));

      // a new session (as a Flight SQL client gets) reads the stored views
      try (Session other = engine.newSession("bi")) {
        assertThat(rows(other, "SELECT CAST(\"day\" AS VARCHAR), source, items, bytes FROM "
            + "bi.ingest_per_day ORDER BY 1, 2")).containsExactly(
                List.of("2026-01-02", "coco", 2L, 150L), List.of("2026-01-03", "web", 1L, 7L));
        assertThat(rows(other, "SELECT error_type, failures FROM bi.failures_by_type"))
            .containsExactly(List.of("corrupt_jpeg", 2L));
        assertThat(rows(other, "SELECT version, passed, failed, pass_rate FROM "
            + "bi.quality_pass_rate_per_version")).containsExactly(
                List.of("t@v001", 2L, 1L, 2.0 / 3));
        assertThat(rows(other, "SELECT version, row_count, bytes FROM bi.version_sizes"))
            .containsExactly(List.of("t@v001", 2L, 107L));
        List<List<Object>> cost = rows(other, "SELECT version, cost, currency, "
            + "cost_per_1000_rows FROM bi.cost_per_version");
        assertThat(cost).hasSize(1);
        assertThat(cost.get(0).get(0)).isEqualTo("t@v001");
        assertThat((Double) cost.get(0).get(1)).isPositive();
        assertThat(cost.get(0).get(2)).isEqualTo("USD");
        assertThat((Double) cost.get(0).get(3)).isEqualTo((Double) cost.get(0).get(1) * 500);
        assertThat(rows(other, "SELECT COUNT(*) FROM bi.cost_per_day WHERE cost > 0").get(0)
            .get(0)).isNotEqualTo(0L);
      }
    }
  }

  private static List<List<Object>> rows(Session s, String sql) {
    return QueryRows.of(s, sql);
  }
}
