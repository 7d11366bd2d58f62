package dev.mmlake.demo;

import dev.mmlake.evals.EvalDefinition;
import dev.mmlake.evals.EvalRun;
import dev.mmlake.evals.EvalRunner;
import dev.mmlake.evals.EvalStore;
import dev.mmlake.evals.VersionComparison;
import dev.mmlake.versions.VersionName;
import java.nio.file.Path;
import java.util.List;

/**
 * Evals as SQL: runs the evals of {@code sql/evals/} on coco@v001 and coco@v002, records them in
 * lake.evals and prints the comparison {@code mmlake dataset compare} shows.
 */
public final class EvalsStep implements DemoStep {
  private final boolean clip;

  /** @param clip whether EMBED_CLIP has a model (the CLIP evals run only then) */
  public EvalsStep(boolean clip) {
    this.clip = clip;
  }

  @Override
  public String title() {
    return "Evals: VECTOR_SEARCH_BATCH retrieval, diversity and mix on coco@v001 vs coco@v002";
  }

  @Override
  public void run(Demo.Context ctx) {
    Path evals = VersionsStep.locateRecipes().getParent().resolve("evals");
    List<String> names = List.of("mix", "diversity", "text_retrieval");
    VersionName a = VersionName.parse("coco@v001");
    VersionName b = VersionName.parse("coco@v002");
    EvalRunner runner = new EvalRunner(ctx.session());
    EvalStore store = new EvalStore(ctx.engine().lakehouse());
    for (String name : names) {
      EvalDefinition def = EvalDefinition.read(evals.resolve(name + ".sql"));
      for (VersionName v : List.of(a, b)) {
        ctx.out().println("$ mmlake eval run " + name + " " + v);
        EvalRun run = runner.run(def, v);
        store.append(run);
        ctx.out().println("  " + run.metrics().size() + " metrics recorded in lake.evals");
      }
    }
    ctx.sql("SELECT version, eval, metric, ROUND(\"value\", 4) AS val, ROUND(ci_low, 4) AS lo, "
        + "ROUND(ci_high, 4) AS hi FROM lake.evals WHERE eval = 'text_retrieval' "
        + "ORDER BY version, metric");
    ctx.out().println("$ mmlake dataset compare " + a + " " + b);
    VersionComparison.print(ctx.out(), a, b,
        new VersionComparison(ctx.engine().lakehouse(), evals).compare(a, b));
    ctx.out().println("-- the sample captions are random phrases, so retrieval is near chance here;"
        + " CLIP evals: mmlake eval run clip_retrieval|alignment coco@v002"
        + (clip ? " (tiny-clip has random weights: a real path, meaningless values)" : ""));
  }
}
