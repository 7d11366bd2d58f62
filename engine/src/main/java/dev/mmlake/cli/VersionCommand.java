package dev.mmlake.cli;

import dev.mmlake.console.ResultPrinter;
import dev.mmlake.console.StatementRunner;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.shards.VersionShardSets;
import dev.mmlake.evals.VersionComparison;
import dev.mmlake.versions.DiffReport;
import dev.mmlake.versions.Manifest;
import dev.mmlake.versions.VersionDiff;
import dev.mmlake.versions.VersionName;
import dev.mmlake.versions.VersionStore;
import dev.mmlake.versions.VersionVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mmlake dataset list|show|diff|verify}: inspect dataset versions. {@code mmlake version}
 * is its deprecated old name (see {@link DeprecatedNames}).
 */
@Command(name = "dataset", aliases = "version", mixinStandardHelpOptions = true,
    description = "Dataset versions built by `mmlake run`: list, show a manifest, diff, verify.",
    subcommands = {VersionCommand.ListVersions.class, VersionCommand.Show.class,
        VersionCommand.Diff.class, VersionCommand.Verify.class,
        VersionCommand.Compare.class})
public final class VersionCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code mmlake dataset list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List versions (the rows of lake.versions), oldest first.")
  public static final class ListVersions implements Callable<Integer> {
    @Mixin LakehouseOptions lakehouse;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Only this dataset")
    String dataset;

    @Override
    public Integer call() {
      String where = "";
      if (dataset != null) {
        where = " WHERE dataset = '" + new VersionName(dataset, "v").dataset() + "'";
      }
      try (Engine engine = lakehouse.openEngine(); Session session = engine.newSession()) {
        new StatementRunner(session, System.out, System.err, ResultPrinter.Format.TABLE).run(
            "SELECT name, parent, snapshot_id, row_count, SUBSTRING(items_digest FROM 1 FOR 12) "
                + "AS items_digest, created_at, description FROM lake.versions" + where
                + " ORDER BY created_at");
      }
      return 0;
    }
  }

  /** {@code mmlake dataset show NAME}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = {"Print the JSON manifest of a version, e.g. coco@v002, with the shard "
          + "sets written for it since (shard_sets, read from lake.shards).",
          "--stored prints the stored manifest alone."})
  public static final class Show implements Callable<Integer> {
    @Mixin LakehouseOptions lakehouse;

    @Parameters(paramLabel = "NAME", description = "<dataset>@<version>")
    String name;

    @Option(names = "--stored", description = "Only the manifest as stored when the version was "
        + "tagged, without shard_sets")
    boolean stored;

    @Override
    public Integer call() {
      VersionName v = VersionName.parse(name);
      try (Engine engine = lakehouse.openEngine()) {
        String manifest = new VersionStore(engine.lakehouse()).require(v).manifest();
        System.out.println(stored ? Manifest.pretty(manifest)
            : VersionShardSets.showManifest(engine.lakehouse(), v, manifest));
      }
      return 0;
    }
  }

  /** {@code mmlake dataset diff A B}. */
  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = {"Items added and removed from version A to version B, counted by reason "
          + "(takedown, license, quality, duplicate, other).",
          "Per item in SQL: SELECT * FROM TABLE(VERSION_DIFF('coco@v001', 'coco@v002'))"})
  public static final class Diff implements Callable<Integer> {
    @Mixin LakehouseOptions lakehouse;

    @Parameters(index = "0", paramLabel = "FROM", description = "Older version, e.g. coco@v001")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "Newer version, e.g. coco@v002")
    String to;

    @Option(names = "--items", paramLabel = "N", defaultValue = "0",
        description = "Also list up to N changed items (default: ${DEFAULT-VALUE})")
    int items;

    @Override
    public Integer call() {
      VersionName a = VersionName.parse(from);
      VersionName b = VersionName.parse(to);
      try (Engine engine = lakehouse.openEngine()) {
        List<VersionDiff.Change> changes = new VersionDiff(engine.lakehouse()).compute(a, b);
        DiffReport.print(System.out, a, b, changes, items);
      }
      return 0;
    }
  }

  /** {@code mmlake dataset verify NAME}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Rerun a version's recipe as a trial build (nothing is kept) and compare its "
          + "items digest with the recorded one.", "Prints OK or MISMATCH; exit code 1 on "
          + "MISMATCH."})
  public static final class Verify implements Callable<Integer> {
    @Mixin LakehouseOptions lakehouse;

    @Parameters(paramLabel = "NAME", description = "<dataset>@<version>")
    String name;

    @Override
    public Integer call() {
      VersionName v = VersionName.parse(name);
      try (Engine engine = lakehouse.openEngine(); Session session = engine.newSession()) {
        VersionVerifier.Verification r = new VersionVerifier(session).verify(v);
        if (r.recipeFileChanged()) {
          System.err.println("Note: " + r.recorded().recipePath() + " changed since " + v
              + " was built; verify reran the recorded text (" + r.recorded().recipeUri() + ")");
        }
        for (VersionShardSets.ShardSet set : VersionShardSets.of(engine.lakehouse(), v)) {
          System.out.println("Shard set " + set.optionsHash().substring(0, 12) + " ("
              + set.shards() + " shards, " + set.samples() + " samples) in " + set.folder()
              + ": " + (set.filesPresent() ? "files present" : "FILES MISSING OR CHANGED SIZE"));
        }
        if (r.ok()) {
          System.out.println("OK " + v + ": " + r.trial().rowCount() + " rows, items_digest "
              + r.trial().itemsDigest());
          return 0;
        }
        System.out.println("MISMATCH " + v + ": recorded " + r.recorded().rowCount()
            + " rows, items_digest " + r.recorded().itemsDigest() + "; rerun gives "
            + r.trial().rowCount() + " rows, items_digest " + r.trial().itemsDigest());
        if (!r.changedInputs().isEmpty()) {
          System.out.println("Inputs changed since the build: " + String.join(", ",
              r.changedInputs()));
        }
        return 1;
      }
    }
  }

  /** {@code mmlake dataset compare A B}. */
  @Command(name = "compare", mixinStandardHelpOptions = true,
      description = {"Eval metrics of version A and version B (latest lake.evals rows of each "
          + "version's snapshot): delta, 95% bootstrap CI of the delta where the metric is a "
          + "mean over samples, and a verdict per metric.",
          "Record metrics first with mmlake eval run <eval> <version>."})
  public static final class Compare implements Callable<Integer> {
    @Mixin LakehouseOptions lakehouse;

    @Parameters(index = "0", paramLabel = "A", description = "Baseline version, e.g. coco@v001")
    String from;

    @Parameters(index = "1", paramLabel = "B", description = "Candidate version, e.g. coco@v002")
    String to;

    @Option(names = "--evals-dir", defaultValue = "sql/evals",
        description = "Eval files, for each metric's direction (default: ${DEFAULT-VALUE})")
    Path evalsDir;

    @Override
    public Integer call() {
      VersionName a = VersionName.parse(from);
      VersionName b = VersionName.parse(to);
      try (Engine engine = lakehouse.openEngine()) {
        VersionComparison.print(System.out, a, b,
            new VersionComparison(engine.lakehouse(), evalsDir).compare(a, b));
      }
      return 0;
    }
  }
}
