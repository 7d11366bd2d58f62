package dev.mmlake.cli;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.maintain.DurationText;
import dev.mmlake.engine.maintain.MaintainOptions;
import dev.mmlake.engine.maintain.MaintainReport;
import dev.mmlake.engine.maintain.Maintenance;
import dev.mmlake.error.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mmlake maintain}: expiry, compaction, orphan and blob collection, run-log retention. */
@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = {"Clean up the lakehouse (see docs/maintenance.md): delete obs.runs rows past "
        + "their retention, compact small data files, expire old snapshots (never a tagged one, "
        + "never one a dataset version needs), remove orphan data files, and remove CAS blobs "
        + "no kept row references. Prints and records in obs.metrics what it removed."})
public final class MaintainCommand implements Callable<Integer> {
  @Mixin LakehouseOptions lakehouse;

  @Option(names = "--older-than", paramLabel = "AGE",
      description = "Expire snapshots older than this, e.g. 7d, 12h, 0 "
          + "(default: maintain.snapshot-retention, 7d)")
  String olderThan;

  @Option(names = "--retain-last", paramLabel = "N",
      description = "Keep the newest N snapshots of each branch whatever their age "
          + "(default: maintain.retain-last, 1)")
  Integer retainLast;

  @Option(names = "--orphan-grace", paramLabel = "AGE",
      description = "Remove unreferenced data files only when older than this "
          + "(default: maintain.orphan-grace, 1d)")
  String orphanGrace;

  @Option(names = "--blob-grace", paramLabel = "AGE",
      description = "Remove unreferenced CAS blobs only when older than this, so in-flight "
          + "ingests keep theirs (default: maintain.blob-grace, 1d)")
  String blobGrace;

  @Option(names = "--runs-retention", paramLabel = "AGE",
      description = "Delete obs.runs rows that started longer ago (default: "
          + "maintain.runs-retention, 30d)")
  String runsRetention;

  @Option(names = "--target-file-size", paramLabel = "BYTES",
      description = "Size of compacted files (default: each table's write.target-file-size-bytes)")
  Long targetFileSize;

  @Option(names = "--table", paramLabel = "NAME",
      description = "Only this table (repeatable; default: every table). Blob collection always "
          + "reads every table.")
  List<String> tables = new ArrayList<>();

  @Option(names = "--skip", paramLabel = "STEP", split = ",",
      description = "Steps to leave out: runs, obs, compact, expire, orphans, blobs")
  List<String> skip = new ArrayList<>();

  @Option(names = "--dry-run", description = "Print what would be removed; change nothing")
  boolean dryRun;

  private static MaintainOptions.Step step(String name) {
    for (MaintainOptions.Step s : MaintainOptions.Step.values()) {
      if (s.name().equalsIgnoreCase(name.trim())) {
        return s;
      }
    }
    throw new InvalidArgumentException("--skip: unknown step '%s' (runs, compact, expire, "
        + "orphans, blobs)", name);
  }

  @Override
  public Integer call() {
    LakehouseConfig config = lakehouse.config();
    MaintainOptions d = MaintainOptions.defaults(config);
    List<MaintainOptions.Step> steps = new ArrayList<>(List.of(MaintainOptions.Step.values()));
    for (String s : skip) {
      steps.remove(step(s));
    }
    MaintainOptions options = new MaintainOptions(
        olderThan == null ? d.snapshotRetention() : DurationText.parse(olderThan, "--older-than"),
        retainLast == null ? d.retainLast() : retainLast,
        orphanGrace == null ? d.orphanGrace() : DurationText.parse(orphanGrace, "--orphan-grace"),
        blobGrace == null ? d.blobGrace() : DurationText.parse(blobGrace, "--blob-grace"),
        runsRetention == null ? d.runsRetention()
            : DurationText.parse(runsRetention, "--runs-retention"),
        targetFileSize, tables, steps, dryRun);
    try (Engine engine = Engine.open(config)) {
      MaintainReport report = new Maintenance(engine, line -> System.err.println("maintain: "
          + line)).run(options);
      if (dryRun) {
        System.out.println("Dry run: nothing was changed.");
      }
      report.lines().forEach(System.out::println);
    }
    return 0;
  }
}
