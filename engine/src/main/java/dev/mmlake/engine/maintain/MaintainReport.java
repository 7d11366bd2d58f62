package dev.mmlake.engine.maintain;

import dev.mmlake.metric.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one maintenance pass removed (or, on a dry run, would remove): counts per target (a table
 * name, or {@code cas} for the content store) and notes on what it skipped.
 */
public final class MaintainReport {
  public static final String SNAPSHOTS_EXPIRED = "snapshots_expired";
  public static final String EXPIRED_DATA_FILES_DELETED = "expired_data_files_deleted";
  public static final String EXPIRED_METADATA_FILES_DELETED = "expired_metadata_files_deleted";
  public static final String FILES_COMPACTED = "data_files_compacted";
  public static final String FILES_WRITTEN = "data_files_written";
  public static final String ORPHAN_FILES = "orphan_files_removed";
  public static final String ORPHAN_BYTES = "orphan_bytes_removed";
  public static final String BLOBS = "blobs_removed";
  public static final String BLOB_BYTES = "blob_bytes_removed";
  public static final String BLOBS_KEPT = "blobs_referenced";
  public static final String TEMP_FILES = "cas_temp_files_removed";
  public static final String RUNS_DELETED = "runs_deleted";
  public static final String OBS_ROWS_DELETED = "obs_rows_deleted";
  public static final String OBS_FILES_DELETED = "obs_data_files_deleted";
  public static final String OBS_FILES_REWRITTEN = "obs_data_files_rewritten";
  public static final String CAS = "cas";

  private final boolean dryRun;
  private final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  MaintainReport(boolean dryRun) {
    this.dryRun = dryRun;
  }

  public boolean dryRun() {
    return dryRun;
  }

  synchronized void add(String target, String metric, long value) {
    counts.computeIfAbsent(target, k -> new LinkedHashMap<>()).merge(metric, value, Long::sum);
  }

  synchronized void note(String format, Object... args) {
    notes.add(String.format(format, args));
  }

  /** The count of {@code metric} for {@code target}; 0 when nothing was counted. */
  public synchronized long count(String target, String metric) {
    return counts.getOrDefault(target, Map.of()).getOrDefault(metric, 0L);
  }

  /** The sum of {@code metric} over every target. */
  public synchronized long total(String metric) {
    return counts.values().stream().mapToLong(m -> m.getOrDefault(metric, 0L)).sum();
  }

  /** Counts per target, in the order they were made. */
  public synchronized Map<String, Map<String, Long>> counts() {
    Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
    counts.forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
    return copy;
  }

  public synchronized List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * One {@code obs.metrics} row per non-zero count, stage {@code maintain}, labelled with its
   * target ({@code {"table":"lake.items"}} or {@code {"target":"cas"}}).
   */
  public synchronized List<Metric> metrics() {
    List<Metric> out = new ArrayList<>();
    counts.forEach((target, m) -> m.forEach((metric, value) -> {
      if (value != 0) {
        String labels = CAS.equals(target) ? "{\"target\":\"cas\"}"
            : "{\"table\":\"" + target.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        out.add(new Metric("maintain", metric, value, labels));
      }
    }));
    return out;
  }

  /** Human-readable lines: one per target with its non-zero counts, then the notes. */
  public synchronized List<String> lines() {
    List<String> out = new ArrayList<>();
    String verb = dryRun ? "would remove" : "removed";
    counts.forEach((target, m) -> {
      StringBuilder sb = new StringBuilder();
      m.forEach((metric, value) -> {
        if (value != 0) {
          sb.append(sb.length() == 0 ? "" : ", ").append(metric).append('=').append(value);
        }
      });
      out.add(String.format("%-28s %s", target, sb.length() == 0 ? "nothing to do" : sb));
    });
    out.add(String.format("total: %s %d snapshots, %d data files (compacted %d into %d), "
            + "%d orphan files, %d blobs (%d bytes), %d obs.runs rows, %d other obs rows",
        verb, total(SNAPSHOTS_EXPIRED), total(EXPIRED_DATA_FILES_DELETED),
        total(FILES_COMPACTED), total(FILES_WRITTEN), total(ORPHAN_FILES), total(BLOBS),
        total(BLOB_BYTES), total(RUNS_DELETED), total(OBS_ROWS_DELETED)));
    notes.forEach(n -> out.add("note: " + n));
    return out;
  }
}
