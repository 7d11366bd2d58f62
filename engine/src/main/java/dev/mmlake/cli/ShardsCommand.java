package dev.mmlake.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.console.ProgressBar;
import dev.mmlake.console.ResultPrinter;
import dev.mmlake.console.StatementRunner;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.versions.VersionName;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmlake shards write|list}: WebDataset shards of dataset versions. */
@Command(name = "shards", mixinStandardHelpOptions = true,
    description = "WebDataset tar shards of a dataset version (see docs/shards.md).",
    subcommands = {ShardsCommand.Write.class, ShardsCommand.ListShards.class})
public final class ShardsCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code mmlake shards write coco@v002 DIR}: runs {@code WRITE_SHARDS} with a progress bar. */
  @Command(name = "write", mixinStandardHelpOptions = true,
      description = {"Write a dataset version as WebDataset shards into DIR and record them in "
          + "lake.shards. Writing the same version with the same options again is a no-op.",
          "Runs: SELECT * FROM TABLE(WRITE_SHARDS(CURSOR(SELECT * FROM datasets.\"<dataset>@"
              + "<version>\"), 'DIR', '<options>'))"})
  public static final class Write implements Callable<Integer> {
    @Mixin LakehouseOptions lakehouse;

    @Parameters(index = "0", paramLabel = "VERSION",
        description = "<dataset>@<version>, e.g. coco@v002")
    String version;

    @Parameters(index = "1", paramLabel = "DIR",
        description = "Output folder (created if missing)")
    Path dir;

    @Option(names = "--max-samples", paramLabel = "N",
        description = "Samples per shard (default: 10000)")
    Integer maxSamples;

    @Option(names = "--max-mb", paramLabel = "M",
        description = "Largest shard in MB (10^6 bytes) (default: 1000)")
    Double maxMb;

    @Option(names = "--seed", paramLabel = "S",
        description = "Seed of the sample shuffle (default: 0)")
    Long seed;

    @Option(names = "--embeddings", paramLabel = "MODEL",
        description = "Add .npy members with the cached vectors of clip, text, or a model name "
            + "(never computed; items without a cached vector get none)")
    String embeddings;

    @Option(names = "--prefix", paramLabel = "P",
        description = "Shard name prefix (default: <dataset>-<version>)")
    String prefix;

    @Option(names = "--threads", paramLabel = "T", description = "Writer threads (default: cores)")
    Integer threads;

    @Override
    public Integer call() throws SQLException {
      VersionName name = VersionName.parse(version);
      ObjectNode options = new ObjectMapper().createObjectNode();
      if (maxSamples != null) {
        options.put("max_samples", maxSamples);
      }
      if (maxMb != null) {
        options.put("max_mb", maxMb);
      }
      if (seed != null) {
        options.put("seed", seed);
      }
      if (embeddings != null) {
        options.put("embeddings", embeddings);
      }
      if (prefix != null) {
        options.put("prefix", prefix);
      }
      if (threads != null) {
        options.put("threads", threads);
      }
      String folder = dir.toAbsolutePath().normalize().toString();
      String sql = "SELECT * FROM TABLE(WRITE_SHARDS(CURSOR(SELECT * FROM " + name.sql() + "), "
          + quote(folder) + ", " + quote(options.toString()) + ")) ORDER BY shard";
      try (Engine engine = lakehouse.openEngine(); Session session = engine.newSession()) {
        System.err.println("mmlake> " + sql + ";");
        session.progress(new ProgressBar(System.err));
        long shards = 0;
        long samples = 0;
        long bytes = 0;
        long startNanos = System.nanoTime();
        StatementResult result = session.execute(sql);
        try (result) {
          ResultSet rs = result.resultSet();
          System.out.printf("%-24s %8s %12s  %-16s %s%n", "shard", "samples", "bytes", "sha256",
              "uri");
          while (rs.next()) {
            shards++;
            samples += rs.getLong("samples");
            bytes += rs.getLong("bytes");
            System.out.printf("%-24s %8d %12d  %-16s %s%n", rs.getString("shard"),
                rs.getLong("samples"), rs.getLong("bytes"),
                rs.getString("sha256").substring(0, 16), rs.getString("uri"));
          }
        }
        session.progress(null);
        String runId = result.runId();
        int failures = result.failures();
        boolean existing = result.snapshotIds().isEmpty(); // a no-op commits nothing
        double secs = (System.nanoTime() - startNanos) / 1e9;
        if (existing) {
          System.out.printf("%s was already written with these options: %d shards, %d samples "
              + "(lake.shards); nothing was written%n", name, shards, samples);
          return 0;
        }
        System.out.printf("Wrote %s: %d shards, %d samples, %.1f MB in %.1f s (%.1f MB/s, %.0f "
            + "samples/s) into %s%n", name, shards, samples, bytes / 1e6, secs,
            bytes / 1e6 / Math.max(secs, 1e-9), samples / Math.max(secs, 1e-9), folder);
        if (failures > 0) {
          System.out.printf("%d samples left out (missing or corrupt blobs): SELECT * FROM "
              + "obs.failures WHERE run_id = '%s'%n", failures, runId);
        }
        if (embeddings != null) {
          try (StatementResult m = session.execute("SELECT \"value\" FROM obs.metrics WHERE "
              + "run_id = '" + runId + "' AND stage = 'shards' AND metric = "
              + "'embeddings_missing'")) {
            ResultSet rs = m.resultSet();
            if (rs.next() && rs.getDouble(1) > 0) {
              System.out.printf("%.0f samples have no cached %s vector, so no .npy (embed them "
                  + "first: mmlake embed --model %s)%n", rs.getDouble(1), embeddings, embeddings);
            }
          }
        }
      }
      return 0;
    }
  }

  /** {@code mmlake shards list [VERSION]}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the shards recorded in lake.shards, optionally of one version.")
  public static final class ListShards implements Callable<Integer> {
    @Mixin LakehouseOptions lakehouse;

    @Parameters(arity = "0..1", paramLabel = "VERSION", description = "<dataset>@<version>")
    String version;

    @Override
    public Integer call() {
      String where = version == null ? ""
          : " WHERE version = " + quote(VersionName.parse(version).toString());
      try (Engine engine = lakehouse.openEngine(); Session session = engine.newSession()) {
        new StatementRunner(session, System.out, System.err, ResultPrinter.Format.TABLE).run(
            "SELECT version, shard, samples, bytes, SUBSTRING(sha256 FROM 1 FOR 16) AS sha256, "
                + "SUBSTRING(options_hash FROM 1 FOR 12) AS options_hash, uri FROM lake.shards"
                + where + " ORDER BY version, options_hash, shard");
      }
      return 0;
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
