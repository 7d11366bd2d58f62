package dev.mmlake.versions;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.apache.iceberg.data.Record;

/** One row of {@code lake.versions}: a built dataset version and its manifest (JSON). */
public record VersionRecord(VersionName name, long snapshotId, VersionName parent,
    String description, String recipePath, String recipeSha256, String recipeUri,
    String gitCommit, long rowCount, String itemsDigest, Instant createdAt, String createdBy,
    String manifest, String manifestUri) {

  static VersionRecord of(Record r) {
    String parent = (String) r.getField("parent");
    OffsetDateTime at = (OffsetDateTime) r.getField("created_at");
    Long snapshot = (Long) r.getField("snapshot_id");
    Long rows = (Long) r.getField("row_count");
    return new VersionRecord(VersionName.parse((String) r.getField("name")),
        snapshot == null ? -1 : snapshot, parent == null ? null : VersionName.parse(parent),
        (String) r.getField("description"), (String) r.getField("recipe_path"),
        (String) r.getField("recipe_sha256"), (String) r.getField("recipe_uri"),
        (String) r.getField("git_commit"), rows == null ? 0 : rows,
        (String) r.getField("items_digest"), at == null ? Instant.EPOCH : at.toInstant(),
        (String) r.getField("created_by"), (String) r.getField("manifest"),
        (String) r.getField("manifest_uri"));
  }
}
