package dev.mmlake.cli;

import dev.mmlake.console.ProgressBar;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.evals.EvalDefinition;
import dev.mmlake.evals.EvalMetric;
import dev.mmlake.evals.EvalRun;
import dev.mmlake.evals.EvalRunner;
import dev.mmlake.evals.EvalStore;
import dev.mmlake.versions.VersionName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmlake eval run|list}: evals defined as SQL in sql/evals (see docs/evals.md). */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evals as SQL files in sql/evals: run one on a dataset version and record its "
        + "metrics in lake.evals, or list them.",
    subcommands = {EvalCommand.Run.class, EvalCommand.ListEvals.class})
public final class EvalCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code mmlake eval run EVAL VERSION}. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run sql/evals/<EVAL>.sql on a version (e.g. coco@v002), print its metrics "
          + "and record them in lake.evals with the version's snapshot id.")
  public static final class Run implements Callable<Integer> {
    @Mixin LakehouseOptions lakehouse;

    @Parameters(index = "0", paramLabel = "EVAL", description = "Eval name, e.g. text_retrieval")
    String eval;

    @Parameters(index = "1", paramLabel = "VERSION", description = "<dataset>@<version>")
    String version;

    @Option(names = "--evals-dir", defaultValue = "sql/evals",
        description = "Folder of eval files (default: ${DEFAULT-VALUE})")
    Path evalsDir;

    @Override
    public Integer call() {
      EvalDefinition def = EvalDefinition.read(EvalDefinition.file(evalsDir, eval));
      VersionName v = VersionName.parse(version);
      try (Engine engine = lakehouse.openEngine(); Session session = engine.newSession()) {
        session.progress(new ProgressBar(System.err));
        EvalRun run = new EvalRunner(session).run(def, v);
        new EvalStore(engine.lakehouse()).append(run);
        System.out.printf(Locale.ROOT, "%s v%s on %s (snapshot %d, split %s)%s%n", def.name(),
            def.version(), v, run.snapshotId(), def.split(), run.model() == null ? ""
                : ", model " + run.model() + " " + run.modelVersion());
        for (EvalMetric m : run.metrics()) {
          System.out.printf(Locale.ROOT, "  %-28s %10.4f%s%n", m.metric(), m.value(),
              m.ciLow() == null ? "" : String.format(Locale.ROOT, "  95%% CI [%.4f, %.4f], n=%d",
                  m.ciLow(), m.ciHigh(), m.samples()));
        }
        System.out.println("Recorded in lake.evals (run " + run.runId() + ")");
      }
      return 0;
    }
  }

  /** {@code mmlake eval list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the evals in sql/evals with their metrics and description.")
  public static final class ListEvals implements Callable<Integer> {
    @Option(names = "--evals-dir", defaultValue = "sql/evals",
        description = "Folder of eval files (default: ${DEFAULT-VALUE})")
    Path evalsDir;

    @Override
    public Integer call() throws IOException {
      if (!Files.isDirectory(evalsDir)) {
        throw new Main.UserError("No eval folder " + evalsDir + "; run from the repository root "
            + "or pass --evals-dir");
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(evalsDir)) {
        files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
      }
      for (Path f : files) {
        EvalDefinition d = EvalDefinition.read(f);
        System.out.printf(Locale.ROOT, "%-18s v%-3s %-8s %s%n    metrics: %s%n", d.name(),
            d.version(), d.split(), d.description(), String.join(", ",
                d.metrics().stream().map(m -> m.name() + (m.lowerIsBetter() ? " (lower)" : m.info() ? " (info)" : ""))
                    .toList()));
      }
      return 0;
    }
  }
}
