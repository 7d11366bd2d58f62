package dev.mmlake.versions;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/** Reads and appends {@code lake.versions} and {@code lake.takedowns} rows. */
public final class VersionStore {
  private final Lakehouse lakehouse;

  public VersionStore(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /** The row of {@code name}, if that version was built. */
  public Optional<VersionRecord> find(VersionName name) {
    Table t = lakehouse.table(LakeTables.VERSIONS);
    if (t.currentSnapshot() == null) {
      return Optional.empty();
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t)
        .where(Expressions.equal("name", name.toString())).build()) {
      for (Record r : rows) {
        if (name.toString().equals(r.getField("name"))) {
          return Optional.of(VersionRecord.of(r));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The row of {@code name}, or a clear error when no such version was built. */
  public VersionRecord require(VersionName name) {
    return find(name).orElseThrow(() -> new RecipeException(ErrorCode.NOT_FOUND,
        "No version %s in lake.versions; list "
        + "them with `mmlake dataset list` or SELECT name FROM lake.versions", name));
  }

  /** Every version, oldest first. */
  public List<VersionRecord> list() {
    Table t = lakehouse.table(LakeTables.VERSIONS);
    List<VersionRecord> out = new ArrayList<>();
    if (t.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
      rows.forEach(r -> out.add(VersionRecord.of(r)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(VersionRecord::createdAt));
    return out;
  }

  /** Appends one version row as one snapshot of lake.versions. */
  void append(VersionRecord v) {
    try (TableAppender out = lakehouse.appender(lakehouse.table(LakeTables.VERSIONS))) {
      GenericRecord r = out.newRecord();
      r.setField("name", v.name().toString());
      r.setField("dataset", v.name().dataset());
      r.setField("version", v.name().version());
      r.setField("table_name", v.name().table().toString());
      r.setField("snapshot_id", v.snapshotId());
      r.setField("parent", v.parent() == null ? null : v.parent().toString());
      r.setField("description", v.description());
      r.setField("recipe_path", v.recipePath());
      r.setField("recipe_sha256", v.recipeSha256());
      r.setField("recipe_uri", v.recipeUri());
      r.setField("git_commit", v.gitCommit());
      r.setField("row_count", v.rowCount());
      r.setField("items_digest", v.itemsDigest());
      r.setField("created_at", OffsetDateTime.ofInstant(v.createdAt(), ZoneOffset.UTC));
      r.setField("created_by", v.createdBy());
      r.setField("manifest", v.manifest());
      r.setField("manifest_uri", v.manifestUri());
      out.add(r);
      out.commit();
    }
  }

  /** One takedown row: an item removed from a dataset by a version, and why. */
  record Takedown(String itemId, String source) {
  }

  /** Appends takedown rows sharing one takedown id as one snapshot; returns it, or -1. */
  long appendTakedowns(String takedownId, VersionName version, List<Takedown> items,
      String reason, String requestedBy, Instant at) {
    if (items.isEmpty()) {
      return -1;
    }
    try (TableAppender out = lakehouse.appender(lakehouse.table(LakeTables.TAKEDOWNS))) {
      for (Takedown t : items) {
        GenericRecord r = out.newRecord();
        r.setField("takedown_id", takedownId);
        r.setField("dataset", version.dataset());
        r.setField("version", version.version());
        r.setField("item_id", t.itemId());
        r.setField("source", t.source());
        r.setField("reason", reason);
        r.setField("requested_by", requestedBy);
        r.setField("created_at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        out.add(r);
      }
      return out.commit();
    }
  }
}
