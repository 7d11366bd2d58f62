package dev.mmlake.engine.shards;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.engine.exec.StatementScope.TableRead;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.error.MmlakeException;
import dev.mmlake.versions.VersionName;
import dev.mmlake.versions.VersionRecord;
import dev.mmlake.versions.VersionStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which dataset version a {@code WRITE_SHARDS} cursor read. The statement records every table
 * scan with the snapshot it read ({@link dev.mmlake.engine.exec.StatementScope#reads()}); each
 * scan of a {@code datasets.<dataset>} table is matched to the {@code lake.versions} row of that
 * table and snapshot. So {@code datasets."coco@v002"} (by tag), {@code datasets.coco} (the latest
 * version) and {@code datasets."coco@<snapshot id>"} all resolve, without reading the SQL text.
 *
 * <p>Exactly one version must match. When the cursor reads several versions (a join), or a
 * snapshot that is no version, the {@code "version"} option names it; when it is given and the
 * statement read dataset tables, it must be one of them.
 */
final class ShardVersions {
  private final Lakehouse lakehouse;

  ShardVersions(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /** A version and the snapshot its tag points to. */
  record ShardVersion(VersionName name, long snapshotId) {
  }

  ShardVersion resolve(List<TableRead> reads, VersionName named) {
    VersionStore store = new VersionStore(lakehouse);
    List<TableRead> datasetReads = new ArrayList<>();
    for (TableRead r : reads) {
      if (r.table().namespace().equals(VersionName.DATASETS)) {
        datasetReads.add(r);
      }
    }
    if (named != null) {
      VersionRecord v = store.require(named);
      boolean read = datasetReads.isEmpty() || datasetReads.stream().anyMatch(r ->
          r.table().equals(named.table()) && r.snapshotId() == v.snapshotId());
      InvalidArgumentException.check(read, "WRITE_SHARDS option version is %s (snapshot %s), "
          + "but the cursor reads %s; read %s in the cursor", named, v.snapshotId(),
          describe(datasetReads), named.sql());
      return new ShardVersion(named, v.snapshotId());
    }
    if (datasetReads.isEmpty()) {
      throw new InvalidArgumentException("WRITE_SHARDS writes a dataset version: read one in "
          + "the cursor, e.g. CURSOR(SELECT * FROM datasets.\"coco@v002\"), or name it with the "
          + "option \"version\": \"coco@v002\"");
    }
    Set<VersionRecord> matches = new LinkedHashSet<>();
    List<VersionRecord> all = store.list();
    for (TableRead r : datasetReads) {
      for (VersionRecord v : all) {
        if (v.name().table().equals(r.table()) && v.snapshotId() == r.snapshotId()) {
          matches.add(v);
        }
      }
    }
    if (matches.size() != 1) {
      throw new MmlakeException(ErrorCode.VALIDATION_ERROR, "WRITE_SHARDS cannot tell which "
          + "dataset version the cursor reads: it reads %s, which %s; name the version with the "
          + "option \"version\": \"<dataset>@<version>\"", describe(datasetReads),
          matches.isEmpty() ? "is no version in lake.versions"
              : "are the versions " + matches.stream().map(v -> v.name().toString()).toList());
    }
    VersionRecord v = matches.iterator().next();
    return new ShardVersion(v.name(), v.snapshotId());
  }

  private static String describe(List<TableRead> reads) {
    if (reads.isEmpty()) {
      return "no dataset table";
    }
    List<String> out = new ArrayList<>();
    for (TableRead r : reads) {
      out.add(r.table() + " at snapshot " + r.snapshotId());
    }
    return String.join(", ", out);
  }
}
