package dev.mmlake.lineage;

import static dev.mmlake.lineage.LakeRows.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.DerivedAsset;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.error.MmlakeException;
import dev.mmlake.versions.LicenseBook;
import dev.mmlake.versions.VersionRecord;
import dev.mmlake.versions.VersionStore;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;

/**
 * The lineage of one item, hop by hop, from the tables that record each step: {@code lake.items}
 * (source file, connector, ingest run, license), the content store (blob), {@code lake.assets}
 * (derived files), {@code lake.quality}, {@code lake.dedup}, {@code lake.embeddings}, the
 * dataset versions that hold the item ({@code lake.versions} and each version's tagged
 * snapshot), the shards that hold it ({@code lake.assets} rows of kind {@code shard_member},
 * joined to {@code lake.shards}), and the loader runs that read those shard sets
 * ({@code obs.metrics} rows of stage {@code loader} whose labels name the version and
 * {@code shard_set}).
 */
public final class ItemLineage {
  static final ObjectMapper JSON = new ObjectMapper();

  private final LakeRows rows;

  public ItemLineage(Lakehouse lakehouse) {
    this.rows = new LakeRows(lakehouse);
  }

  /** A hop before it is numbered. */
  private record Draft(String hop, String name, ObjectNode detail, String runId, Long snapshotId,
      Instant at) {
  }

  /** The hops of {@code itemId}, in order; a clear error when no such item exists. */
  public List<Hop> trace(String itemId) {
    Record item = item(itemId);
    List<Draft> d = new ArrayList<>();
    d.add(source(item));
    d.add(blob(item));
    assets(itemId, text(item, "content_hash"), d);
    quality(itemId, d);
    dedup(itemId, d);
    embeddings(item, d);
    List<Draft> versions = versions(itemId);
    d.addAll(versions);
    List<Draft> shards = shards(itemId);
    d.addAll(shards);
    loaders(shards, d);
    List<Hop> out = new ArrayList<>(d.size());
    for (Draft x : d) {
      out.add(new Hop(out.size() + 1, x.hop(), x.name(), x.detail().toString(), x.runId(),
          x.snapshotId(), x.at()));
    }
    return out;
  }

  private Record item(String itemId) {
    InvalidArgumentException.check(itemId != null && !itemId.isBlank(),
        "LINEAGE takes an item id (lake.items.id), e.g. LINEAGE('3f2a...')");
    List<Record> found = rows.read(LakeTables.ITEMS, null, Expressions.equal("id", itemId),
        r -> itemId.equals(r.getField("id")));
    if (found.isEmpty()) {
      throw new MmlakeException(ErrorCode.NOT_FOUND, "No item %s in lake.items; find "
          + "ids with SELECT id, source, source_id FROM lake.items", itemId);
    }
    return found.get(0);
  }

  private Draft source(Record item) {
    ObjectNode d = JSON.createObjectNode();
    d.put("source", text(item, "source"));
    d.put("source_id", text(item, "source_id"));
    d.put("modality", text(item, "modality"));
    d.put("file", text(item, "source_file"));
    d.put("connector", text(item, "connector"));
    d.put("connector_version", text(item, "connector_version"));
    String license = text(item, "license");
    d.put("license", license);
    d.put("license_class", LicenseBook.of(rows.lakehouse()).classOf(license).sqlName());
    d.put("license_terms", text(item, "license_terms"));
    String runId = text(item, "run_id");
    if (runId != null) {
      for (Record r : rows.read(LakeTables.RUNS, null, Expressions.equal("run_id", runId),
          r -> runId.equals(r.getField("run_id")))) {
        d.put("run_status", text(r, "status"));
        d.put("statement_kind", text(r, "statement_kind"));
      }
    }
    String file = text(item, "source_file");
    String name = file != null ? file : text(item, "source") + ":" + text(item, "source_id");
    return new Draft(Hop.SOURCE, name, d, runId, null, instant(item.getField("ingested_at")));
  }

  private Draft blob(Record item) {
    ObjectNode d = JSON.createObjectNode();
    String uri = text(item, "content_uri");
    d.put("content_hash", text(item, "content_hash"));
    d.put("mime", text(item, "mime"));
    Object size = item.getField("size_bytes");
    if (size instanceof Long n) {
      d.put("size_bytes", n);
    }
    d.put("in_store", uri != null && rows.lakehouse().cas().contains(uri));
    return new Draft(Hop.BLOB, uri, d, null, null, null);
  }

  private void assets(String itemId, String contentHash, List<Draft> out) {
    List<Record> found = new ArrayList<>(rows.read(LakeTables.ASSETS, null,
        contentHash == null ? Expressions.equal("item_id", itemId)
            : Expressions.or(Expressions.equal("item_id", itemId),
                Expressions.equal("parent_hash", contentHash)),
        r -> !DerivedAsset.SHARD_MEMBER.equals(r.getField("kind"))
            && (itemId.equals(r.getField("item_id"))
                || (contentHash != null && contentHash.equals(r.getField("parent_hash"))))));
    found.sort(Comparator.comparing((Record r) -> text(r, "kind"))
        .thenComparing(r -> Objects.toString(r.getField("transform"), ""))
        .thenComparing(r -> Objects.toString(r.getField("config_hash"), ""))
        .thenComparing(r -> r.getField("ordinal") == null ? 0 : (Integer) r.getField("ordinal")));
    for (Record r : found) {
      ObjectNode d = JSON.createObjectNode();
      d.put("kind", text(r, "kind"));
      d.put("transform", text(r, "transform"));
      d.set("config", parse(text(r, "config")));
      d.put("config_hash", text(r, "config_hash"));
      d.put("ordinal", (Integer) r.getField("ordinal"));
      d.put("asset_hash", text(r, "asset_hash"));
      out.add(new Draft(Hop.ASSET, text(r, "asset_uri"), d, text(r, "run_id"), null,
          instant(r.getField("created_at"))));
    }
  }

  private void quality(String itemId, List<Draft> out) {
    for (Record r : rows.read(LakeTables.QUALITY, null, Expressions.equal("item_id", itemId),
        r -> itemId.equals(r.getField("item_id")))) {
      ObjectNode d = JSON.createObjectNode();
      d.put("status", text(r, "status"));
      d.put("reason", text(r, "reason"));
      if (r.getField("score") instanceof Double s) {
        d.put("score", s);
      }
      d.put("rules_version", text(r, "rules_version"));
      d.set("thresholds", parse(text(r, "thresholds")));
      out.add(new Draft(Hop.QUALITY, text(r, "status"), d, null, null,
          instant(r.getField("scored_at"))));
    }
  }

  private void dedup(String itemId, List<Draft> out) {
    for (Record r : rows.read(LakeTables.DEDUP, null, Expressions.equal("item_id", itemId),
        r -> itemId.equals(r.getField("item_id")))) {
      ObjectNode d = JSON.createObjectNode();
      d.put("method", text(r, "method"));
      if (r.getField("threshold") instanceof Double t) {
        d.put("threshold", t);
      }
      d.put("cluster_id", text(r, "cluster_id"));
      Object kept = r.getField("kept");
      if (kept instanceof Boolean k) {
        d.put("kept", k);
      }
      d.put("nearest_id", text(r, "nearest_id"));
      if (r.getField("similarity") instanceof Double s) {
        d.put("similarity", s);
      }
      String name = Boolean.FALSE.equals(kept) ? "removed" : "kept";
      out.add(new Draft(Hop.DEDUP, name, d, text(r, "run_id"), null, null));
    }
  }

  private void embeddings(Record item, List<Draft> out) {
    Set<String> keys = new LinkedHashSet<>();
    if (text(item, "content_hash") != null) {
      keys.add(text(item, "content_hash"));
    }
    if (text(item, "text") != null) {
      keys.add(Sha256.hex(text(item, "text"))); // EMBED_TEXT keys vectors by the text's hash
    }
    if (keys.isEmpty()) {
      return;
    }
    List<Record> found = rows.read(LakeTables.EMBEDDINGS, null,
        Expressions.in("content_hash", keys.toArray()), r -> keys.contains(text(r, "content_hash")));
    found.sort(Comparator.comparing((Record r) -> text(r, "model"))
        .thenComparing(r -> text(r, "model_version")));
    for (Record r : found) {
      ObjectNode d = JSON.createObjectNode();
      d.put("model", text(r, "model"));
      d.put("model_version", text(r, "model_version"));
      d.put("dim", (Integer) r.getField("dim"));
      d.put("key", text(r, "content_hash"));
      out.add(new Draft(Hop.EMBEDDING, text(r, "model") + "@" + text(r, "model_version"), d,
          null, null, instant(r.getField("created_at"))));
    }
  }

  private List<Draft> versions(String itemId) {
    List<Draft> out = new ArrayList<>();
    if (!rows.lakehouse().catalog().tableExists(LakeTables.VERSIONS)) {
      return out;
    }
    for (VersionRecord v : new VersionStore(rows.lakehouse()).list()) {
      if (v.snapshotId() < 0 || !rows.lakehouse().catalog().tableExists(v.name().table())) {
        continue;
      }
      if (rows.read(v.name().table(), v.snapshotId(), Expressions.equal("id", itemId),
          r -> itemId.equals(r.getField("id"))).isEmpty()) {
        continue;
      }
      ObjectNode d = JSON.createObjectNode();
      d.put("table", v.name().table().toString());
      d.put("parent", v.parent() == null ? null : v.parent().toString());
      d.put("rows", v.rowCount());
      d.put("recipe", v.recipePath());
      d.put("items_digest", v.itemsDigest());
      JsonNode policy = parse(v.manifest()).path("license_policy");
      if (policy.isObject()) {
        d.put("license_policy", policy.path("spec").asText());
      }
      out.add(new Draft(Hop.VERSION, v.name().toString(), d, null, v.snapshotId(),
          v.createdAt()));
    }
    return out;
  }

  private List<Draft> shards(String itemId) {
    List<Draft> out = new ArrayList<>();
    List<Record> members = rows.read(LakeTables.ASSETS, null,
        Expressions.equal("item_id", itemId), r -> itemId.equals(r.getField("item_id"))
            && DerivedAsset.SHARD_MEMBER.equals(r.getField("kind")));
    for (Record m : members) {
      String uri = text(m, "asset_uri");
      int hash = uri == null ? -1 : uri.lastIndexOf('#');
      String shardUri = hash < 0 ? uri : uri.substring(0, hash);
      JsonNode config = parse(text(m, "config"));
      String version = config.path("version").asText(null);
      String optionsHash = config.path("options_hash").asText(null);
      ObjectNode d = JSON.createObjectNode();
      d.put("version", version);
      d.put("shard_set", optionsHash);
      d.put("uri", shardUri);
      d.put("key", hash < 0 ? null : uri.substring(hash + 1));
      d.put("ordinal", (Integer) m.getField("ordinal"));
      String name = shardUri;
      Long snapshot = null;
      Instant at = instant(m.getField("created_at"));
      for (Record s : rows.read(LakeTables.SHARDS, null, version == null
          ? Expressions.alwaysTrue() : Expressions.equal("version", version),
          s -> Objects.equals(shardUri, s.getField("uri")))) {
        name = text(s, "shard");
        snapshot = (Long) s.getField("snapshot_id");
        d.put("sha256", text(s, "sha256"));
        d.put("samples", (Long) s.getField("samples"));
        at = instant(s.getField("created_at"));
      }
      out.add(new Draft(Hop.SHARD, name, d, text(m, "run_id"), snapshot, at));
    }
    out.sort(Comparator.comparing((Draft x) -> x.detail().path("version").asText(""))
        .thenComparing(Draft::name));
    return out;
  }

  private void loaders(List<Draft> shards, List<Draft> out) {
    Set<String> sets = new LinkedHashSet<>();
    for (Draft s : shards) {
      sets.add(s.detail().path("version").asText("") + "\n"
          + s.detail().path("shard_set").asText(""));
    }
    if (sets.isEmpty()) {
      return;
    }
    Map<String, Draft> byRun = new LinkedHashMap<>();
    List<Record> metrics = rows.read(LakeTables.METRICS, null,
        Expressions.equal("stage", "loader"), r -> "loader".equals(r.getField("stage")));
    metrics.sort(Comparator.comparing(r -> Objects.toString(r.getField("recorded_at"), "")));
    for (Record r : metrics) {
      JsonNode labels = parse(text(r, "labels"));
      String version = labels.path("version").asText("");
      String set = labels.path("shard_set").asText("");
      if (!sets.contains(version + "\n" + set)) {
        continue;
      }
      String runId = labels.hasNonNull("run_id") ? labels.get("run_id").asText()
          : text(r, "run_id");
      String key = runId + "\n" + version + "\n" + set;
      Draft d = byRun.computeIfAbsent(key, k -> {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("version", version);
        detail.put("shard_set", set);
        detail.putObject("metrics");
        return new Draft(Hop.LOADER, runId, detail, runId, null,
            instant(r.getField("recorded_at")));
      });
      Object value = r.getField("value");
      if (text(r, "metric") != null && value instanceof Double v) {
        ((ObjectNode) d.detail().get("metrics")).put(text(r, "metric"), v);
      }
    }
    out.addAll(byRun.values());
  }

  static JsonNode parse(String json) {
    if (json == null || json.isBlank()) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(json);
    }
  }

  private static Instant instant(Object v) {
    return v instanceof OffsetDateTime t ? t.toInstant() : null;
  }
}
