package dev.mmlake.engine.maintain;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.dedup.MetricsWriter;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.error.InvalidArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.CloseableIterable;

/**
 * One maintenance pass over a lakehouse, in this order: {@code obs.runs} retention, retention of
 * the other obs tables ({@code obs.retention}, when set; {@link ObsRetention}), compaction of
 * small files, snapshot expiry (which deletes the files only expired snapshots referenced, among
 * them the small files compaction replaced), orphan file removal, and content-store garbage
 * collection against the snapshots that remain. Each step's removals are counted in the
 * {@link MaintainReport}, and (unless a dry run) written to {@code obs.metrics} with stage
 * {@code maintain}.
 *
 * <p>The SQL procedures ({@link MaintenanceProcedures}) run single steps within a statement.
 *
 * <p>Safe to run next to writers: compaction commits like any writer (a conflicting change makes
 * it skip that table), expiry is an Iceberg commit, and files and blobs younger than their grace
 * period are never removed. Run it with short grace periods only when nothing else writes.
 */
public final class Maintenance {
  private static final DateTimeFormatter SQL_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private final Engine engine;
  private final Lakehouse lakehouse;
  private final Consumer<String> progress;

  /** {@code progress} receives one line as each step and table starts. */
  public Maintenance(Engine engine, Consumer<String> progress) {
    this(Objects.requireNonNull(engine, "engine is null"), engine.lakehouse(), progress);
  }

  /** Without an engine, for every step but {@link MaintainOptions.Step#RUNS}. */
  Maintenance(Lakehouse lakehouse, Consumer<String> progress) {
    this(null, lakehouse, progress);
  }

  private Maintenance(Engine engine, Lakehouse lakehouse, Consumer<String> progress) {
    this.engine = engine;
    this.lakehouse = Objects.requireNonNull(lakehouse, "lakehouse is null");
    this.progress = Objects.requireNonNull(progress, "progress is null");
  }

  /** Runs the steps and, unless a dry run, records the report in {@code obs.metrics}. */
  public MaintainReport run(MaintainOptions options) {
    Instant now = Instant.now();
    MaintainReport report = collect(options, now);
    if (!options.dryRun() && lakehouse.catalog().tableExists(LakeTables.METRICS)) {
      MetricsWriter.append(lakehouse, "maintain-" + UUID.randomUUID(), now, report.metrics());
    }
    return report;
  }

  /** Runs the steps as of {@code now}; records nothing in {@code obs.metrics}. */
  MaintainReport collect(MaintainOptions options, Instant now) {
    MaintainReport report = new MaintainReport(options.dryRun());
    Map<String, Table> all = allTables();
    Map<String, Table> selected = select(all, options);
    if (options.runs(MaintainOptions.Step.RUNS) && all.containsKey(LakeTables.RUNS.toString())) {
      Objects.requireNonNull(engine, "obs.runs retention needs an engine");
      progress.accept("obs.runs: deleting rows older than "
          + DurationText.format(options.runsRetention()));
      runsRetention(now.minus(options.runsRetention()), report);
    }
    Duration obsRetention = ObsRetention.configured(lakehouse.config());
    if (options.runs(MaintainOptions.Step.OBS) && obsRetention != null) {
      progress.accept("obs: deleting metrics, lineage events and failures older than "
          + DurationText.format(obsRetention));
      new ObsRetention(lakehouse).expire(now.minus(obsRetention), report);
    }
    if (options.runs(MaintainOptions.Step.COMPACT)) {
      Compaction compaction = new Compaction(lakehouse);
      for (Map.Entry<String, Table> e : selected.entrySet()) {
        progress.accept(e.getKey() + ": compacting small files");
        try {
          e.getValue().refresh();
          compaction.compact(e.getKey(), e.getValue(), options.targetFileBytes(), report);
        } catch (CommitFailedException conflict) {
          report.note("%s: not compacted (%s)", e.getKey(), conflict.getMessage());
        }
      }
    }
    if (options.runs(MaintainOptions.Step.EXPIRE)) {
      Map<String, Set<Long>> versions = versionSnapshots(all);
      SnapshotExpiry expiry = new SnapshotExpiry(lakehouse);
      long cutoff = now.minus(options.snapshotRetention()).toEpochMilli();
      for (Map.Entry<String, Table> e : selected.entrySet()) {
        progress.accept(e.getKey() + ": expiring snapshots older than "
            + DurationText.format(options.snapshotRetention()));
        e.getValue().refresh();
        expiry.expire(e.getKey(), e.getValue(), cutoff, options.retainLast(),
            versions.getOrDefault(e.getKey(), Set.of()), report);
      }
    }
    if (options.runs(MaintainOptions.Step.ORPHANS)) {
      long cutoff = now.minus(options.orphanGrace()).toEpochMilli();
      for (Map.Entry<String, Table> e : selected.entrySet()) {
        progress.accept(e.getKey() + ": removing orphan files older than "
            + DurationText.format(options.orphanGrace()));
        e.getValue().refresh();
        OrphanFiles.remove(e.getKey(), e.getValue(), cutoff, report);
      }
    }
    if (options.runs(MaintainOptions.Step.BLOBS)) {
      progress.accept("cas: collecting blobs no row references, older than "
          + DurationText.format(options.blobGrace()));
      all.values().forEach(Table::refresh);
      Set<String> live = BlobCollector.liveDigests(all);
      BlobCollector.collect(lakehouse.cas(), live, now.minus(options.blobGrace()).toEpochMilli(),
          report);
    }
    return report;
  }

  private Map<String, Table> allTables() {
    Map<String, Table> out = new LinkedHashMap<>();
    for (Namespace ns : lakehouse.catalog().listNamespaces()) {
      for (TableIdentifier id : lakehouse.catalog().listTables(ns)) {
        out.put(id.toString(), lakehouse.table(id));
      }
    }
    return out;
  }

  private static Map<String, Table> select(Map<String, Table> all, MaintainOptions options) {
    if (options.tables().isEmpty()) {
      return all;
    }
    Map<String, Table> out = new LinkedHashMap<>();
    for (String name : options.tables()) {
      Table t = all.get(name);
      InvalidArgumentException.check(t != null, "Table %s does not exist", name);
      out.put(name, t);
    }
    return out;
  }

  /** Snapshot ids each {@code lake.versions} row needs, by table name. */
  private static Map<String, Set<Long>> versionSnapshots(Map<String, Table> all) {
    Map<String, Set<Long>> out = new HashMap<>();
    Table versions = all.get(LakeTables.VERSIONS.toString());
    if (versions == null || versions.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(versions)
        .select("table_name", "snapshot_id").build()) {
      for (Record r : rows) {
        Object table = r.getField("table_name");
        Object id = r.getField("snapshot_id");
        if (table != null && id != null) {
          out.computeIfAbsent(table.toString(), k -> new HashSet<>()).add((Long) id);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read lake.versions", e);
    }
    return out;
  }

  /** Deletes (or counts) {@code obs.runs} rows that started before {@code before}. */
  private void runsRetention(Instant before, MaintainReport report) {
    String literal = "TIMESTAMP '" + SQL_TIMESTAMP.format(LocalDateTime.ofInstant(before,
        ZoneOffset.UTC)) + "'";
    String where = " WHERE started_at < " + literal;
    try (Session session = engine.newSession("maintain")) {
      if (report.dryRun()) {
        try (StatementResult r = session.execute("SELECT COUNT(*) FROM obs.runs" + where)) {
          r.resultSet().next();
          report.add(LakeTables.RUNS.toString(), MaintainReport.RUNS_DELETED,
              r.resultSet().getLong(1));
        }
        return;
      }
      for (int attempt = 1; ; attempt++) {
        try (StatementResult r = session.execute("DELETE FROM obs.runs" + where)) {
          report.add(LakeTables.RUNS.toString(), MaintainReport.RUNS_DELETED,
              Math.max(0, r.updateCount()));
          return;
        } catch (RuntimeException e) {
          // the run log appends to obs.runs about once a second: a conflict is expected
          if (attempt >= 5) {
            report.note("obs.runs: rows not deleted (%s)", e.getMessage());
            return;
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot count obs.runs rows", e);
    }
  }
}
