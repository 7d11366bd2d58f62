package dev.mmlake.engine.maintain;

import dev.mmlake.catalog.Lakehouse;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Expires a table's snapshots older than a cutoff with Iceberg's {@code ExpireSnapshots}, which
 * then deletes the data and metadata files only those snapshots referenced. Never expired: the
 * newest {@code retainLast} snapshots of each branch, any snapshot a tag or branch points to
 * (Iceberg's ref retention; a dataset version is a tag), and any snapshot a {@code lake.versions}
 * row names even when its tag was removed: the cutoff is moved back to the oldest such snapshot.
 */
final class SnapshotExpiry {
  private final Lakehouse lakehouse;

  SnapshotExpiry(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  void expire(String name, Table table, long cutoffMillis, int retainLast,
      Set<Long> versionSnapshots, MaintainReport report) {
    if (table.currentSnapshot() == null) {
      return;
    }
    if (!PropertyUtil.propertyAsBoolean(table.properties(), TableProperties.GC_ENABLED,
        TableProperties.GC_ENABLED_DEFAULT)) {
      report.note("%s: snapshots not expired (gc.enabled=false)", name);
      return;
    }
    Set<Long> referenced = new HashSet<>();
    for (SnapshotRef ref : table.refs().values()) {
      referenced.add(ref.snapshotId());
    }
    long cutoff = cutoffMillis;
    for (long id : versionSnapshots) {
      Snapshot s = table.snapshot(id);
      if (s != null && !referenced.contains(id) && s.timestampMillis() < cutoff) {
        cutoff = s.timestampMillis();
        report.note("%s: keeping snapshots from %d on: dataset version snapshot %d has no tag",
            name, cutoff, id);
      }
    }
    int before = size(table.snapshots());
    Set<Long> expired = new HashSet<>();
    // apply() returns the snapshots it would remove
    for (Snapshot s : table.expireSnapshots().expireOlderThan(cutoff).retainLast(retainLast)
        .apply()) {
      expired.add(s.snapshotId());
    }
    if (report.dryRun() || expired.isEmpty()) {
      report.add(name, MaintainReport.SNAPSHOTS_EXPIRED, expired.size());
      return;
    }
    Queue<String> deleted = new ConcurrentLinkedQueue<>();
    ExpireSnapshots expire = table.expireSnapshots()
        .expireOlderThan(cutoff)
        .retainLast(retainLast)
        .deleteWith(path -> {
          table.io().deleteFile(path);
          deleted.add(path);
        });
    // Naming the expired snapshots makes Iceberg find the files to delete by reachability from
    // every kept snapshot and ref; its incremental cleanup would leave the files removed by the
    // current snapshot behind.
    expired.forEach(expire::expireSnapshotId);
    lakehouse.committer().commit(table, List.of(), () -> {
      expire.commit();
      Snapshot current = table.currentSnapshot();
      return current == null ? -1 : current.snapshotId();
    });
    table.refresh();
    report.add(name, MaintainReport.SNAPSHOTS_EXPIRED, before - size(table.snapshots()));
    long dataFiles = deleted.stream().filter(p -> !p.contains("/metadata/")).count();
    report.add(name, MaintainReport.EXPIRED_DATA_FILES_DELETED, dataFiles);
    report.add(name, MaintainReport.EXPIRED_METADATA_FILES_DELETED, deleted.size() - dataFiles);
  }

  private static int size(Iterable<?> it) {
    int n = 0;
    for (Object ignored : it) {
      n++;
    }
    return n;
  }
}
