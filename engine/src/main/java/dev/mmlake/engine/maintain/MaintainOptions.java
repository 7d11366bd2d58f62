package dev.mmlake.engine.maintain;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.error.InvalidArgumentException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Maintenance} does and how far back it keeps things. Defaults come from the
 * configuration keys below.
 *
 * @param snapshotRetention snapshots older than this are expired ({@value #SNAPSHOT_RETENTION})
 * @param retainLast the newest snapshots of each branch kept whatever their age
 *     ({@value #RETAIN_LAST})
 * @param orphanGrace files under a table's data folder that no snapshot references are removed
 *     once older than this ({@value #ORPHAN_GRACE})
 * @param blobGrace unreferenced content-store blobs are removed once older than this
 *     ({@value #BLOB_GRACE}); covers ingests that stored blobs but have not committed yet
 * @param runsRetention {@code obs.runs} rows that started longer ago are deleted
 *     ({@value #RUNS_RETENTION})
 * @param targetFileBytes compaction's output file size; null: each table's
 *     {@code write.target-file-size-bytes}
 * @param tables tables to expire, compact and clean ({@code lake.items}); empty: every table.
 *     Blob collection always reads every table.
 * @param steps the steps to run
 * @param dryRun count what would be removed, change nothing
 */
public record MaintainOptions(Duration snapshotRetention, int retainLast, Duration orphanGrace,
    Duration blobGrace, Duration runsRetention, Long targetFileBytes, List<String> tables,
    List<Step> steps, boolean dryRun) {
  public static final String SNAPSHOT_RETENTION = "maintain.snapshot-retention";
  public static final String RETAIN_LAST = "maintain.retain-last";
  public static final String ORPHAN_GRACE = "maintain.orphan-grace";
  public static final String BLOB_GRACE = "maintain.blob-grace";
  public static final String RUNS_RETENTION = "maintain.runs-retention";

  /** The steps, in the order they run. */
  public enum Step {
    /** Delete {@code obs.runs} rows past the retention. */
    RUNS,
    /**
     * Delete {@code obs.metrics}, {@code obs.lineage_events} and {@code obs.failures} rows past
     * {@code obs.retention}, when it is set.
     */
    OBS,
    /** Rewrite small data files into files of the target size. */
    COMPACT,
    /** Expire old snapshots and delete the files only they referenced. */
    EXPIRE,
    /** Delete data files no snapshot references. */
    ORPHANS,
    /** Delete content-store blobs no row references. */
    BLOBS
  }

  public MaintainOptions {
    Objects.requireNonNull(snapshotRetention, "snapshotRetention is null");
    Objects.requireNonNull(orphanGrace, "orphanGrace is null");
    Objects.requireNonNull(blobGrace, "blobGrace is null");
    Objects.requireNonNull(runsRetention, "runsRetention is null");
    InvalidArgumentException.check(retainLast >= 1, "retain-last must be at least 1, got %s",
        retainLast);
    InvalidArgumentException.check(targetFileBytes == null || targetFileBytes > 0,
        "target file size must be positive, got %s", targetFileBytes);
    tables = List.copyOf(tables);
    steps = List.copyOf(steps);
  }

  /** Every step, with the configured (or default) retention and grace periods. */
  public static MaintainOptions defaults(LakehouseConfig config) {
    return new MaintainOptions(
        DurationText.parse(config.get(SNAPSHOT_RETENTION, "7d"), SNAPSHOT_RETENTION),
        Integer.parseInt(config.get(RETAIN_LAST, "1").trim()),
        DurationText.parse(config.get(ORPHAN_GRACE, "1d"), ORPHAN_GRACE),
        DurationText.parse(config.get(BLOB_GRACE, "1d"), BLOB_GRACE),
        DurationText.parse(config.get(RUNS_RETENTION, "30d"), RUNS_RETENTION),
        null, List.of(), List.of(Step.values()), false);
  }

  public boolean runs(Step step) {
    return steps.contains(step);
  }
}
