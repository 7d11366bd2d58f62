package dev.mmlake.cli;

import dev.mmlake.console.ProgressBar;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.evals.EvalGates;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.RecipeRunner;
import dev.mmlake.versions.VersionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmlake run <recipe.sql>}: builds, commits and tags a dataset version. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Build a dataset version from a recipe (see docs/versions.md): run its "
        + "statements in order, write the final SELECT's rows as one snapshot of "
        + "datasets.<dataset>, tag it with the version name and record the manifest in "
        + "lake.versions. Nothing is kept if a statement fails.", "A recipe may list evals "
        + "(-- evals: ...) and gates (-- gate: recall@10 >= parent - 0.01): a version failing a "
        + "gate is not tagged (exit 1; reason in obs.failures, stage gate)."})
public final class RunCommand implements Callable<Integer> {
  @Mixin LakehouseOptions lakehouse;

  @Parameters(paramLabel = "RECIPE", description = "Recipe file, e.g. sql/recipes/coco/v002.sql")
  Path recipe;

  @Option(names = "--dry-run",
      description = "Build and report row count and items digest, then put everything back")
  boolean dryRun;

  @Option(names = "--evals-dir", defaultValue = "sql/evals",
      description = "Eval files for the recipe's -- evals: and -- gate: lines (default: "
          + "${DEFAULT-VALUE})")
  Path evalsDir;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(recipe)) {
      throw new Main.UserError("Cannot read recipe " + recipe + ": no such file");
    }
    Recipe r = Recipe.read(recipe);
    try (Engine engine = lakehouse.openEngine(); Session session = engine.newSession()) {
      session.progress(new ProgressBar(System.err));
      RecipeRunner runner = new RecipeRunner(session, new EvalGates(session, evalsDir));
      if (dryRun) {
        RecipeRunner.Trial t = runner.dryRun(r);
        System.out.println("Dry run of " + t.name() + ": " + t.rowCount() + " rows, items_digest "
            + t.itemsDigest() + " (nothing kept)");
        return 0;
      }
      VersionRecord v = runner.run(r);
      System.out.println("Built " + v.name() + ": " + v.rowCount() + " rows, snapshot "
          + v.snapshotId() + ", items_digest " + v.itemsDigest());
      System.out.println("Query it:      SELECT * FROM " + v.name().sql());
      System.out.println("Its manifest:  mmlake dataset show " + v.name());
      if (v.parent() != null) {
        System.out.println("Changes:       mmlake dataset diff " + v.parent() + " " + v.name());
      }
    }
    return 0;
  }
}
