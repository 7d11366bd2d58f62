package dev.mmlake.catalog;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * The lakehouse's own tables and their schemas. {@code mmlake init} creates every table listed in
 * {@link #all()}; later stages add theirs here so that init stays the one place that bootstraps a
 * lakehouse.
 */
public final class LakeTables {
  public static final Namespace LAKE = Namespace.of("lake");
  public static final Namespace OBS = Namespace.of("obs");

  public static final TableIdentifier ITEMS = TableIdentifier.of(LAKE, "items");
  public static final TableIdentifier EMBEDDINGS = TableIdentifier.of(LAKE, "embeddings");
  public static final TableIdentifier QUALITY = TableIdentifier.of(LAKE, "quality");
  public static final TableIdentifier DEDUP = TableIdentifier.of(LAKE, "dedup");
  public static final TableIdentifier RUNS = TableIdentifier.of(OBS, "runs");
  public static final TableIdentifier FAILURES = TableIdentifier.of(OBS, "failures");
  public static final TableIdentifier METRICS = TableIdentifier.of(OBS, "metrics");
  public static final TableIdentifier LICENSES = TableIdentifier.of(LAKE, "licenses");
  public static final TableIdentifier MODELS = TableIdentifier.of(LAKE, "models");
  public static final TableIdentifier VERSIONS = TableIdentifier.of(LAKE, "versions");
  public static final TableIdentifier TAKEDOWNS = TableIdentifier.of(LAKE, "takedowns");
  public static final TableIdentifier SHARDS = TableIdentifier.of(LAKE, "shards");
  public static final TableIdentifier ASSETS = TableIdentifier.of(LAKE, "assets");
  public static final TableIdentifier LINEAGE_EVENTS = TableIdentifier.of(OBS, "lineage_events");
  public static final TableIdentifier EVALS = TableIdentifier.of(LAKE, "evals");
  public static final TableIdentifier EVAL_SAMPLES = TableIdentifier.of(LAKE, "eval_samples");
  public static final TableIdentifier TRANSFORMS = TableIdentifier.of(LAKE, "transforms");

  /**
   * Table property: when {@code true} on a table with identifier fields, INSERT skips rows whose
   * key is already in the table (insert-if-absent), checked again against the snapshot the insert
   * commits on top of; skipped rows are counted. Without it a duplicate key is simply inserted.
   * Set on {@link #ITEMS}, so re-ingesting a source is idempotent.
   */
  public static final String SKIP_EXISTING_IDS = "mmlake.write.skip-existing-ids";

  /**
   * One row per source item. Column order is the order connectors return. {@code id} is the
   * identifier field and the table has {@link #SKIP_EXISTING_IDS}: INSERT skips rows whose id is
   * already present, so re-ingest is idempotent.
   */
  public static final Schema ITEMS_SCHEMA = new Schema(List.of(
      required(1, "id", Types.StringType.get(), "stable id: sha256(source + ':' + source_id)"),
      required(2, "source", Types.StringType.get()),
      required(3, "source_id", Types.StringType.get()),
      required(4, "modality", Types.StringType.get(), "text | image | audio | video"),
      optional(5, "content_hash", Types.StringType.get(), "sha256 hex of the raw bytes"),
      optional(6, "content_uri", Types.StringType.get(), "cas://sha256/<hex>"),
      optional(7, "mime", Types.StringType.get()),
      optional(8, "size_bytes", Types.LongType.get()),
      optional(9, "text", Types.StringType.get(), "text body, caption or transcript"),
      optional(10, "license", Types.StringType.get()),
      optional(11, "connector", Types.StringType.get()),
      optional(12, "connector_version", Types.StringType.get()),
      optional(13, "ingested_at", Types.TimestampType.withZone()),
      optional(14, "metadata", Types.StringType.get(), "JSON"),
      optional(15, "license_terms", Types.StringType.get(),
          "the source's own license wording; license holds its SPDX or LicenseRef- id"),
      optional(16, "source_file", Types.StringType.get(), "file the item was read from"),
      optional(17, "run_id", Types.StringType.get(), "obs.runs run that ingested the item")),
      Set.of(1));

  /**
   * The embedding cache: one vector per (content_hash, model, model_version), kept unique on write
   * (see {@link #EMBEDDINGS_KEY}).
   */
  public static final Schema EMBEDDINGS_SCHEMA = new Schema(
      required(1, "content_hash", Types.StringType.get()),
      required(2, "model", Types.StringType.get()),
      required(3, "model_version", Types.StringType.get()),
      required(4, "dim", Types.IntegerType.get()),
      required(5, "vector", Types.ListType.ofRequired(6, Types.FloatType.get())),
      optional(7, "created_at", Types.TimestampType.withZone()));

  /** One row per scored item: the verdict of QUALITY_SCORE and the thresholds it used. */
  public static final Schema QUALITY_SCHEMA = new Schema(
      required(1, "item_id", Types.StringType.get()),
      required(2, "status", Types.StringType.get(), "pass | fail"),
      optional(3, "reason", Types.StringType.get(), "ok, or <code>: <detail> of the first failure"),
      optional(4, "score", Types.DoubleType.get(), "0..1; >= 0.5 exactly when status = pass"),
      optional(5, "rules_version", Types.StringType.get()),
      optional(6, "thresholds", Types.StringType.get(), "JSON object of every threshold in effect"),
      optional(7, "scored_at", Types.TimestampType.withZone()));

  /** One row per item of a deduplication run. */
  public static final Schema DEDUP_SCHEMA = new Schema(
      required(1, "item_id", Types.StringType.get()),
      optional(2, "cluster_id", Types.StringType.get(), "item_id of the item the cluster keeps"),
      optional(3, "kept", Types.BooleanType.get()),
      optional(4, "nearest_id", Types.StringType.get(), "most similar item at or above threshold"),
      optional(5, "similarity", Types.DoubleType.get(), "cosine to nearest_id (1 for exact)"),
      optional(6, "threshold", Types.DoubleType.get()),
      optional(7, "method", Types.StringType.get(),
          "exact_content_hash | exact_text | brute_force | lsh_simhash(...)"),
      optional(8, "run_id", Types.StringType.get()));

  public static final Schema RUNS_SCHEMA = new Schema(
      required(1, "run_id", Types.StringType.get()),
      optional(2, "statement_digest", Types.StringType.get(), "sha256 of the statement text"),
      optional(3, "statement_kind", Types.StringType.get()),
      optional(4, "statement_text", Types.StringType.get(), "first 4000 characters"),
      optional(5, "user_name", Types.StringType.get()),
      optional(6, "started_at", Types.TimestampType.withZone()),
      optional(7, "ended_at", Types.TimestampType.withZone()),
      optional(8, "rows_read", Types.LongType.get()),
      optional(9, "rows_written", Types.LongType.get()),
      optional(10, "snapshot_ids", Types.StringType.get(), "comma-separated snapshot ids"),
      optional(11, "status", Types.StringType.get(), "ok | error"),
      optional(12, "error_message", Types.StringType.get()),
      optional(13, "failures", Types.LongType.get(), "item failures recorded"),
      optional(14, "rows_skipped", Types.LongType.get(),
          "rows not inserted because their id was present (mmlake.write.skip-existing-ids)"),
      optional(15, "side_writes", Types.StringType.get(),
          "rows written to other tables, e.g. lake.embeddings=12,obs.metrics=5"));

  public static final Schema FAILURES_SCHEMA = new Schema(
      required(1, "failure_id", Types.StringType.get()),
      optional(2, "run_id", Types.StringType.get()),
      optional(3, "occurred_at", Types.TimestampType.withZone()),
      optional(4, "stage", Types.StringType.get(), "ingest | decode | embed | quality | ..."),
      optional(5, "source", Types.StringType.get()),
      optional(6, "modality", Types.StringType.get()),
      optional(7, "item_id", Types.StringType.get()),
      optional(8, "item_ref", Types.StringType.get(), "source path or URI of the item"),
      optional(9, "error_type", Types.StringType.get(), "stable code, e.g. corrupt_jpeg"),
      optional(10, "message", Types.StringType.get()),
      optional(11, "retryable", Types.BooleanType.get()));

  public static final Schema METRICS_SCHEMA = new Schema(
      optional(1, "run_id", Types.StringType.get()),
      optional(2, "recorded_at", Types.TimestampType.withZone()),
      optional(3, "stage", Types.StringType.get()),
      optional(4, "metric", Types.StringType.get()),
      optional(5, "value", Types.DoubleType.get()),
      optional(6, "labels", Types.StringType.get(), "JSON object"),
      optional(7, "ts", Types.TimestampType.withZone(), "when the value was measured"),
      optional(8, "unit", Types.StringType.get(), "e.g. rows, bytes, seconds, usd, ratio"),
      optional(9, "source", Types.StringType.get(), "label: source name"),
      optional(10, "modality", Types.StringType.get(), "label: text | image | audio | video"),
      optional(11, "model", Types.StringType.get(), "label: embedding model"));

  /** OpenLineage RunEvents (START, COMPLETE, FAIL) of statements and recipe runs. */
  public static final Schema LINEAGE_EVENTS_SCHEMA = new Schema(
      required(1, "run_id", Types.StringType.get()),
      required(2, "event_type", Types.StringType.get(), "START | COMPLETE | FAIL"),
      optional(3, "event_time", Types.TimestampType.withZone()),
      optional(4, "job_namespace", Types.StringType.get(), "mmlake://<lakehouse>"),
      optional(5, "job_name", Types.StringType.get(), "recipe name or statement digest"),
      optional(6, "parent_run_id", Types.StringType.get(), "the recipe run of a statement"),
      optional(7, "event", Types.StringType.get(), "the RunEvent as JSON"));

  /**
   * One row per license id that items carry (an SPDX id or a {@code LicenseRef-} id), with the
   * class a {@code license_policy} can name; seeded from {@code sql/licenses.csv}.
   */
  public static final Schema LICENSES_SCHEMA = new Schema(
      required(1, "license_id", Types.StringType.get(), "SPDX id or LicenseRef-<name>"),
      required(2, "class", Types.StringType.get(),
          "permissive | attribution | share-alike | non-commercial | research-only | unknown"),
      optional(3, "name", Types.StringType.get()),
      optional(4, "license_url", Types.StringType.get()));

  /**
   * Files derived from items (keyframes, clips, resizes, features, shard members): one row per
   * derived asset and parent, written by the statement that made it.
   */
  public static final Schema ASSETS_SCHEMA = new Schema(
      required(1, "asset_id", Types.StringType.get(), "sha256 of kind, parent and asset uri"),
      optional(2, "item_id", Types.StringType.get(), "parent item, when the writer knows it"),
      optional(3, "parent_hash", Types.StringType.get(), "content hash of the parent blob"),
      required(4, "kind", Types.StringType.get(),
          "keyframe | clip | resize | features | shard_member"),
      optional(5, "asset_hash", Types.StringType.get(), "sha256 hex of the asset bytes"),
      optional(6, "asset_uri", Types.StringType.get(), "cas:// URI, or file URI#member"),
      optional(7, "ordinal", Types.IntegerType.get(), "position among the parent's assets"),
      optional(8, "transform", Types.StringType.get(), "e.g. VIDEO_KEYFRAMES, WRITE_SHARDS"),
      optional(9, "config_hash", Types.StringType.get(), "sha256 of the transform's settings"),
      optional(10, "config", Types.StringType.get(), "JSON of the transform's settings"),
      optional(11, "run_id", Types.StringType.get()),
      optional(12, "created_at", Types.TimestampType.withZone()));

  /** Registered embedding models; (name, version) is the key, version derives from the files. */
  public static final Schema MODELS_SCHEMA = new Schema(
      required(1, "name", Types.StringType.get()),
      required(2, "version", Types.StringType.get(), "first 16 hex of sha256 over the files"),
      required(3, "engine", Types.StringType.get(), "DJL engine, e.g. OnnxRuntime"),
      required(4, "modality", Types.StringType.get(), "text | text+image"),
      required(5, "dim", Types.IntegerType.get()),
      optional(6, "files", Types.StringType.get(), "JSON object: file name -> sha256 hex"),
      optional(7, "preprocessing", Types.StringType.get(), "JSON"),
      optional(8, "location", Types.StringType.get(), "model directory when registered"),
      optional(9, "registered_at", Types.TimestampType.withZone()));

  /** One row per dataset version built by a recipe; {@code manifest} is the JSON manifest. */
  public static final Schema VERSIONS_SCHEMA = new Schema(
      required(1, "name", Types.StringType.get(), "<dataset>@<version>, e.g. coco@v002"),
      required(2, "dataset", Types.StringType.get()),
      required(3, "version", Types.StringType.get(), "the Iceberg tag on the dataset table"),
      optional(4, "table_name", Types.StringType.get(), "e.g. datasets.coco"),
      optional(5, "snapshot_id", Types.LongType.get()),
      optional(6, "parent", Types.StringType.get(), "<dataset>@<version> or null"),
      optional(7, "description", Types.StringType.get()),
      optional(8, "recipe_path", Types.StringType.get()),
      optional(9, "recipe_sha256", Types.StringType.get()),
      optional(10, "recipe_uri", Types.StringType.get(), "cas:// URI of the recipe text"),
      optional(11, "git_commit", Types.StringType.get(), "last commit of the recipe file"),
      optional(12, "row_count", Types.LongType.get()),
      optional(13, "items_digest", Types.StringType.get(), "sha256 of the sorted item ids"),
      optional(14, "created_at", Types.TimestampType.withZone()),
      optional(15, "created_by", Types.StringType.get()),
      optional(16, "manifest", Types.StringType.get(), "JSON manifest"),
      optional(17, "manifest_uri", Types.StringType.get(), "cas:// URI of the manifest"));

  /** Why items left a dataset: one row per item (or per source when item_id is null). */
  public static final Schema TAKEDOWNS_SCHEMA = new Schema(
      required(1, "takedown_id", Types.StringType.get()),
      required(2, "dataset", Types.StringType.get()),
      optional(3, "version", Types.StringType.get(), "the version that removed the items"),
      optional(4, "item_id", Types.StringType.get(), "null: every item of source"),
      optional(5, "source", Types.StringType.get()),
      optional(6, "reason", Types.StringType.get()),
      optional(7, "requested_by", Types.StringType.get()),
      optional(8, "created_at", Types.TimestampType.withZone()));

  /**
   * One row per WebDataset shard written from a dataset version. A shard set is identified by
   * (version, options_hash); its rows are committed only once every shard is in place.
   */
  public static final Schema SHARDS_SCHEMA = new Schema(
      required(1, "version", Types.StringType.get(), "<dataset>@<version>, e.g. coco@v002"),
      required(2, "snapshot_id", Types.LongType.get(), "the version's tagged snapshot"),
      required(3, "shard", Types.StringType.get(), "file name, <prefix>-000000.tar"),
      optional(4, "uri", Types.StringType.get(), "location of the shard file"),
      optional(5, "samples", Types.LongType.get()),
      optional(6, "bytes", Types.LongType.get()),
      optional(7, "sha256", Types.StringType.get(), "hex sha256 of the tar file"),
      optional(8, "first_key", Types.StringType.get()),
      optional(9, "last_key", Types.StringType.get()),
      optional(10, "options_hash", Types.StringType.get(), "sha256 of the canonical options"),
      optional(11, "created_at", Types.TimestampType.withZone()));

  /**
   * One row per metric of an eval run on a dataset version (see docs/evals.md); keyed by
   * (dataset, version, snapshot_id, eval, eval_version, metric, split), the latest run wins.
   */
  public static final Schema EVALS_SCHEMA = new Schema(
      required(1, "dataset", Types.StringType.get()),
      required(2, "version", Types.StringType.get(), "the version's tag, e.g. v002"),
      required(3, "snapshot_id", Types.LongType.get(), "the version's tagged snapshot"),
      required(4, "eval", Types.StringType.get(), "eval name, sql/evals/<eval>.sql"),
      optional(5, "eval_version", Types.StringType.get(), "the eval file's -- version:"),
      required(6, "metric", Types.StringType.get(), "e.g. recall@10"),
      optional(7, "split", Types.StringType.get(), "version | heldout"),
      optional(8, "value", Types.DoubleType.get()),
      optional(9, "ci_low", Types.DoubleType.get(), "95% bootstrap interval; null if not sampled"),
      optional(10, "ci_high", Types.DoubleType.get()),
      optional(11, "model", Types.StringType.get()),
      optional(12, "model_version", Types.StringType.get()),
      optional(13, "run_id", Types.StringType.get()),
      optional(14, "evaluated_at", Types.TimestampType.withZone()));

  /**
   * The per-sample values behind a sampled {@link #EVALS} metric (one per query or item, keyed by
   * the eval's sample column), so that two versions can be compared sample by sample (a paired
   * bootstrap); joined to {@code lake.evals} on {@code run_id}, {@code eval} and {@code metric}.
   */
  public static final Schema EVAL_SAMPLES_SCHEMA = new Schema(
      required(1, "run_id", Types.StringType.get(), "the lake.evals row's run_id"),
      required(2, "dataset", Types.StringType.get()),
      required(3, "version", Types.StringType.get()),
      required(4, "eval", Types.StringType.get()),
      required(5, "metric", Types.StringType.get()),
      required(6, "sample", Types.StringType.get(), "e.g. the query's item id"),
      optional(7, "value", Types.DoubleType.get()));

  /**
   * The transform registry (docs/transforms.md): one row per (name, version, config_hash), written
   * when a data-producing function runs in a writing statement or a recipe declares a live
   * transform. Rows are only ever added (insert-if-absent on {@link #TRANSFORMS_KEY}).
   */
  public static final Schema TRANSFORMS_SCHEMA = new Schema(
      required(1, "name", Types.StringType.get(), "e.g. EMBED_TEXT or random_resized_crop"),
      required(2, "version", Types.StringType.get(), "implementation version, e.g. v001"),
      required(3, "kind", Types.StringType.get(), "precompute | live"),
      optional(4, "modality", Types.StringType.get(), "text | image | audio | video | any"),
      optional(5, "inputs", Types.StringType.get(), "JSON array of input names"),
      optional(6, "outputs", Types.StringType.get(), "JSON array of output names"),
      optional(7, "is_deterministic", Types.BooleanType.get(),
          "same input and config give the same output (live: given the seed)"),
      optional(8, "model_dependency", Types.StringType.get(), "<model>@<model_version> or null"),
      optional(9, "config", Types.StringType.get(), "canonical JSON of the config"),
      required(10, "config_hash", Types.StringType.get(), "sha256 hex of the canonical config"),
      optional(11, "registered_at", Types.TimestampType.withZone()),
      optional(12, "run_id", Types.StringType.get(), "the run that registered it first"));

  /** The columns {@link #TRANSFORMS} is unique on. */
  public static final List<String> TRANSFORMS_KEY = List.of("name", "version", "config_hash");

  /** The columns {@link #EMBEDDINGS} is unique on; appends skip keys already committed. */
  public static final List<String> EMBEDDINGS_KEY =
      List.of("content_hash", "model", "model_version");

  private static final Map<TableIdentifier, Schema> ALL = new LinkedHashMap<>();
  private static final Map<TableIdentifier, Map<String, String>> PROPERTIES =
      Map.of(ITEMS, Map.of(SKIP_EXISTING_IDS, "true"),
          // point look-ups by content_hash (EMBED_*): a bloom filter prunes row groups of
          // unsorted files, and small row groups bound the vectors decoded per key
          EMBEDDINGS, Map.of("write.parquet.bloom-filter-enabled.column.content_hash", "true",
              "write.parquet.row-group-size-bytes", String.valueOf(1 << 20)));

  static {
    register(ITEMS, ITEMS_SCHEMA);
    register(EMBEDDINGS, EMBEDDINGS_SCHEMA);
    register(QUALITY, QUALITY_SCHEMA);
    register(DEDUP, DEDUP_SCHEMA);
    register(RUNS, RUNS_SCHEMA);
    register(FAILURES, FAILURES_SCHEMA);
    register(METRICS, METRICS_SCHEMA);
    register(LICENSES, LICENSES_SCHEMA);
    register(MODELS, MODELS_SCHEMA);
    register(VERSIONS, VERSIONS_SCHEMA);
    register(TAKEDOWNS, TAKEDOWNS_SCHEMA);
    register(SHARDS, SHARDS_SCHEMA);
    register(ASSETS, ASSETS_SCHEMA);
    register(LINEAGE_EVENTS, LINEAGE_EVENTS_SCHEMA);
    register(EVALS, EVALS_SCHEMA);
    register(EVAL_SAMPLES, EVAL_SAMPLES_SCHEMA);
    register(TRANSFORMS, TRANSFORMS_SCHEMA);
  }

  private LakeTables() {
  }

  /** Adds a core table; call from a static initializer of the stage that owns it. */
  public static synchronized void register(TableIdentifier id, Schema schema) {
    ALL.put(id, schema);
  }

  /**
   * Table properties a core table carries beyond the defaults every table gets; {@code init}
   * sets them on new tables and adds them to existing tables that lack them.
   */
  public static Map<String, String> properties(TableIdentifier id) {
    return PROPERTIES.getOrDefault(id, Map.of());
  }

  /** Every core table, in creation order. */
  public static synchronized Map<TableIdentifier, Schema> all() {
    return new LinkedHashMap<>(ALL);
  }
}
