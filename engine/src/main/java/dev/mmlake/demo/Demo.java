package dev.mmlake.demo;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.console.ResultPrinter;
import dev.mmlake.console.StatementRunner;
import dev.mmlake.embed.EmbedConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-to-end demo: builds a fresh lakehouse in a folder and runs every pipeline step that
 * exists, printing each SQL statement and its result. Steps are {@link DemoStep}s in order.
 */
public final class Demo {
  private final Path home;
  private final PrintStream out;
  private final List<DemoStep> steps = new ArrayList<>();

  private final Path clipModelDir;

  /**
   * @param clipModelDir a CLIP export for EMBED_CLIP, or null to skip image embeddings
   */
  public Demo(Path home, PrintStream out, Path clipModelDir) {
    this.home = home;
    this.out = out;
    this.clipModelDir = clipModelDir;
    steps.add(new FoundationStep());
    steps.add(new IngestStep());
    steps.add(new EmbedStep(clipModelDir != null));
    steps.add(new QualityStep(clipModelDir != null
        && clipModelDir.getFileName().toString().equals("tiny-clip")));
    steps.add(new VersionsStep());
    steps.add(new EvalsStep(clipModelDir != null));
    steps.add(new ShardsStep(clipModelDir != null));
    steps.add(new LineageStep());
  }

  /** Runs all steps; returns the number of steps run. */
  public int run() {
    out.println("== mmlake demo: lakehouse at " + home);
    LakehouseConfig config = LakehouseConfig.embedded(home);
    if (clipModelDir != null) {
      config = config.with(EmbedConfig.CLIP_MODEL_DIR, clipModelDir.toString());
      out.println("== EMBED_CLIP uses " + clipModelDir);
    }
    try (Engine engine = Engine.open(config);
         Session session = engine.newSession("demo")) {
      Context ctx = new Context(engine, session, home,
          new StatementRunner(session, out, out, ResultPrinter.Format.TABLE), out);
      int i = 0;
      for (DemoStep step : steps) {
        out.println();
        out.println("== Step " + (++i) + ": " + step.title());
        step.run(ctx);
      }
      out.println();
      DemoExtras.finish(ctx);
      out.println();
      out.println("== Done: " + i + " steps. Explore with: ./mmlake shell --home " + home);
      return i;
    }
  }

  /** What a step gets: the engine, a session, the lakehouse folder and a printer. */
  public record Context(Engine engine, Session session, Path home, StatementRunner runner,
      PrintStream out) {
    /** Prints and runs one SQL statement. */
    public void sql(String sql) {
      out.println("mmlake> " + sql.strip().replaceAll("\\s+", " ") + ";");
      runner.run(sql);
    }
  }
}
