package dev.mmlake.demo;

import dev.mmlake.cas.Sha256;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.versions.DiffReport;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.RecipeRunner;
import dev.mmlake.versions.VersionDiff;
import dev.mmlake.versions.VersionRecord;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * Dataset versions as SQL recipes: runs the sample recipes of {@code sql/recipes/} in order on
 * whatever {@code lake.items} holds (adding a few demo items when it is empty) and prints what
 * changed between consecutive versions, and why.
 */
public final class VersionsStep implements DemoStep {
  /** Sample recipes in build order (parents before children). */
  static final List<String> RECIPES = List.of("fineweb/v001.sql", "librispeech/v001.sql",
      "msrvtt/v001.sql", "coco/v001.sql", "coco/v002.sql", "coco/v003.sql", "coco/v004.sql");

  @Override
  public String title() {
    return "Dataset versions: recipes, manifests, diffs, license filter and takedown";
  }

  @Override
  public void run(Demo.Context ctx) {
    Path recipes = locateRecipes();
    boolean ownItems = count(ctx, "SELECT COUNT(*) FROM lake.items") == 0;
    if (ownItems) {
      ctx.out().println("-- lake.items is empty: adding a few demo items");
      addDemoItems(ctx);
    }
    if (ownItems) {
      ctx.sql("INSERT INTO lake.quality (item_id, status, reason, score) VALUES ('"
          + id("coco", "632") + "', 'fail', 'image too dark', 0.12)");
      ctx.sql("INSERT INTO lake.dedup (item_id, cluster_id, kept, nearest_id, similarity) VALUES ('"
          + id("coco", "724") + "', 'c1', FALSE, '" + id("coco", "139") + "', 0.97), ('"
          + id("coco", "139") + "', 'c1', TRUE, NULL, 1.0)");
    }
    RecipeRunner runner = new RecipeRunner(ctx.session());
    VersionRecord previous = null;
    for (String r : RECIPES) {
      Path file = recipes.resolve(r);
      ctx.out().println("$ mmlake run sql/recipes/" + r);
      VersionRecord v = runner.run(Recipe.read(file));
      ctx.out().println("Built " + v.name() + ": " + v.rowCount() + " rows, snapshot "
          + v.snapshotId() + ", items_digest " + v.itemsDigest().substring(0, 16) + "...");
      if (previous != null && previous.name().dataset().equals(v.name().dataset())) {
        ctx.out().println("$ mmlake dataset diff " + previous.name() + " " + v.name());
        List<VersionDiff.Change> changes = new VersionDiff(ctx.engine().lakehouse())
            .compute(previous.name(), v.name());
        DiffReport.print(ctx.out(), previous.name(), v.name(), changes, 5);
      }
      previous = v;
    }
    ctx.sql("SELECT name, parent, row_count, SUBSTRING(items_digest FROM 1 FOR 12) AS digest "
        + "FROM lake.versions ORDER BY created_at");
    ctx.sql("SELECT change, reason_kind, COUNT(*) AS items FROM TABLE(VERSION_DIFF('coco@v001', "
        + "'coco@v004')) GROUP BY change, reason_kind");
    ctx.out().println("-- earlier versions stay readable after the takedown:");
    ctx.sql("SELECT (SELECT COUNT(*) FROM datasets.\"coco@v003\") AS v003_rows, "
        + "(SELECT COUNT(*) FROM datasets.\"coco@v004\") AS v004_rows");
    ctx.sql("SELECT version, source, reason, requested_by FROM lake.takedowns");
  }

  private static String id(String source, String sourceId) {
    return Sha256.hex(source + ":" + sourceId);
  }

  private static void addDemoItems(Demo.Context ctx) {
    String[][] items = {
        {"coco", "139", "image", "CC-BY-4.0", "a woman stands in the dining area"},
        {"coco", "285", "image", "CC-BY-NC-2.0", "a big brown bear sitting in the grass"},
        {"coco", "632", "image", "CC-BY-2.0", "a bedroom with a bookshelf and a bed"},
        {"coco", "724", "image", "CC-BY-4.0", "a woman in the dining area of a kitchen"},
        {"coco", "776", "image", "CC-BY-4.0", "three teddy bears sitting together"},
        {"coco", "785", "image", "CC0-1.0", "a woman skiing down a snowy hill"},
        {"fineweb-edu", "doc-1", "text", "ODC-By-1.0", "Photosynthesis turns light into sugar."},
        {"librispeech", "84-121123-0000", "audio", "CC-BY-4.0", "go do you hear"},
        {"msrvtt", "video0", "video", "CC-BY-NC-4.0", "a man is driving a car"}};
    StringBuilder sql = new StringBuilder("INSERT INTO lake.items (id, source, source_id, "
        + "modality, license, text, connector, connector_version) VALUES ");
    for (int i = 0; i < items.length; i++) {
      String[] f = items[i];
      sql.append(i == 0 ? "" : ", ").append(String.format("('%s', '%s', '%s', '%s', '%s', '%s', "
          + "'demo', '1')", id(f[0], f[1]), f[0], f[1], f[2], f[3], f[4]));
    }
    ctx.sql(sql.toString());
  }

  private static long count(Demo.Context ctx, String sql) {
    try (StatementResult r = ctx.session().execute(sql)) {
      r.resultSet().next();
      return r.resultSet().getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The {@code sql/recipes} folder: under the working directory or one of its parents, else next
   * to the installed classes (the repository the launcher runs from).
   */
  static Path locateRecipes() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("sql/recipes/coco"))) {
        return p.resolve("sql/recipes");
      }
    }
    try {
      Path code = Path.of(VersionsStep.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      for (Path p = code; p != null; p = p.getParent()) {
        if (Files.isDirectory(p.resolve("sql/recipes/coco"))) {
          return p.resolve("sql/recipes");
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through to the error below
    }
    throw new IllegalStateException("Cannot find the sample recipes (sql/recipes/): run the demo "
        + "from the mmlake repository");
  }
}
