package dev.mmlake.engine.shards;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.catalog.AssetRecorder;
import dev.mmlake.catalog.DerivedAsset;
import dev.mmlake.catalog.FailureEvent;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.connectors.DataRoots;
import dev.mmlake.dedup.MetricsWriter;
import dev.mmlake.embed.ModelSpec;
import dev.mmlake.engine.access.OutputFolders;
import dev.mmlake.engine.exec.StatementScope;
import dev.mmlake.engine.shards.ShardVersions.ShardVersion;
import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.metric.Metric;
import dev.mmlake.shards.ShardFailure;
import dev.mmlake.shards.ShardListener;
import dev.mmlake.shards.ShardOptions;
import dev.mmlake.shards.ShardResult;
import dev.mmlake.shards.ShardSample;
import dev.mmlake.shards.ShardSetResult;
import dev.mmlake.shards.ShardSetWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a dataset version as a shard set within one statement:
 * <ol>
 *   <li>reads the cursor's rows and resolves their version ({@link ShardVersions});</li>
 *   <li>if {@code lake.shards} already has the set (same version and options hash), returns its
 *       rows and writes nothing;</li>
 *   <li>builds one sample per row ({@link ItemSamples}) with its quality, dedup and cached
 *       vector, and writes the set with {@link ShardSetWriter};</li>
 *   <li>appends the shard rows and stage metrics to the statement's pending writes, and registers
 *       the set's files for removal if those rows are not committed.</li>
 * </ol>
 * A sample whose blob is missing or corrupt becomes an {@code obs.failures} row (stage
 * {@code shards}) and is left out; the set still completes.
 */
final class VersionShards {
  static final String STAGE = "shards";
  static final String VERIFY_BLOBS = WriteShardsFunction.VERIFY_BLOBS;

  private static final ObjectMapper INDEX_READER = new ObjectMapper();

  private final StatementScope scope;
  private final StatementContext context;
  private final Lakehouse lakehouse;
  private final DataRoots dataRoots;

  VersionShards(StatementScope scope, DataRoots dataRoots) {
    this.scope = scope;
    this.context = scope.context();
    this.lakehouse = scope.lakehouse();
    this.dataRoots = dataRoots;
  }

  List<Object[]> write(Iterable<Object[]> input, List<String> columns, String location,
      ShardRequest request) {
    InvalidArgumentException.check(!columns.isEmpty(), "WRITE_SHARDS takes the rows to write as "
        + "CURSOR(query), e.g. CURSOR(SELECT * FROM datasets.\"coco@v002\")");
    Path dir = folder(location); // PERMISSION_DENIED outside the data roots, before any work
    List<Object[]> rows = new ArrayList<>();
    for (Object[] row : input) {
      rows.add(row);
    }
    ShardVersion version = new ShardVersions(lakehouse).resolve(scope.reads(), request.version());
    ShardOptions options = request.options(version.name());
    String optionsHash = options.optionsHash();
    ShardRows store = new ShardRows(lakehouse);
    List<Object[]> existing = store.find(version, optionsHash);
    if (!existing.isEmpty()) {
      return existing; // the same set was written before: nothing to do
    }
    InvalidArgumentException.check(!rows.isEmpty(), "WRITE_SHARDS: the cursor returned no rows, "
        + "so there is nothing to write for %s", version.name());
    long start = System.nanoTime();

    ItemSamples items = new ItemSamples(columns, lakehouse.cas(), version, verifyBlobs());
    Map<String, Object[]> byId = new HashMap<>();
    for (Object[] row : rows) {
      byId.putIfAbsent(items.id(row), row);
    }
    ItemLookups lookups = ItemLookups.load(lakehouse, byId.keySet());
    ModelSpec model = options.embeddings() == null ? null
        : CachedVectors.resolve(lakehouse, options.embeddings());
    CachedVectors vectors = null;
    if (model != null) {
      Set<String> keys = new HashSet<>();
      for (Object[] row : rows) {
        String k = items.vectorKey(row, model);
        if (k != null) {
          keys.add(k);
        }
      }
      vectors = CachedVectors.load(lakehouse, model, keys);
    }
    List<ShardSample> samples = new ArrayList<>(rows.size());
    long missingVectors = 0;
    for (Object[] row : rows) {
      float[] v = vectors == null ? null : vectors.get(items.vectorKey(row, model));
      if (model != null && v == null) {
        missingVectors++;
      }
      samples.add(items.sample(row, lookups, model, v));
    }

    removeOrphanedSet(store, dir, options);
    Listener listener = new Listener(version, samples.size(), items, byId);
    ShardSetResult result = new ShardSetWriter(dir, options).write(samples, listener);
    scope.onAbort(LakeTables.SHARDS, () -> remove(dir, result));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<Object[]> out = store.append(scope, version, optionsHash, dir, result.shards(), now);
    AssetRecorder.of(context).recordAll(listener.members(dir, version, optionsHash));
    double seconds = (System.nanoTime() - start) / 1e9;
    metrics(version, optionsHash, result, missingVectors, seconds, now);
    return out;
  }

  /**
   * The output folder: {@code location}, relative to the lakehouse's home folder, confined to
   * the session's data roots when they are restricted.
   */
  private Path folder(String location) {
    return OutputFolders.confine(dataRoots, lakehouse.config().home(), location, "WRITE_SHARDS");
  }

  /** The {@value #VERIFY_BLOBS} setting; true unless it is {@code false}. */
  private boolean verifyBlobs() {
    return lakehouse.config().flag(VERIFY_BLOBS, true);
  }

  /**
   * A process killed after it wrote a set's index but before its rows were committed leaves a
   * complete set that no {@code lake.shards} row records. When the folder's index for this prefix
   * carries this options hash and no row of that hash points into the folder, the index is
   * removed, so the writer treats the set as leftovers and writes it again (the same bytes).
   */
  private static void removeOrphanedSet(ShardRows store, Path dir, ShardOptions options) {
    Path index = dir.resolve(options.prefix() + "-index.json");
    if (!Files.isRegularFile(index)) {
      return;
    }
    try {
      String hash = INDEX_READER.readTree(index.toFile()).path("options_hash").asText();
      if (hash.equals(options.optionsHash()) && !store.anyIn(hash, dir)) {
        Files.delete(index);
      }
    } catch (IOException e) {
      // not an index we can read: the writer refuses the folder and names the file
    }
  }

  /** Removes a written set whose rows were not committed (the statement failed). */
  private static void remove(Path dir, ShardSetResult result) {
    List<Path> files = new ArrayList<>();
    for (ShardResult s : result.shards()) {
      files.add(dir.resolve(s.name()));
    }
    files.add(result.index());
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // best effort: a later write of the same prefix replaces the leftovers
      }
    }
  }

  private void metrics(ShardVersion version, String optionsHash, ShardSetResult result,
      long missingVectors, double seconds, OffsetDateTime at) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("shards", (double) result.shards().size());
    values.put("samples", (double) result.samples());
    values.put("skipped", (double) result.failures().size());
    values.put("bytes", (double) result.bytes());
    values.put("size_skew", result.sizeSkew());
    values.put("embeddings_missing", (double) missingVectors);
    values.put("seconds", seconds);
    values.put("mb_per_s", result.bytes() / 1e6 / Math.max(seconds, 1e-9));
    String labels = "{\"version\":\"" + version.name() + "\",\"options_hash\":\"" + optionsHash
        + "\"}";
    TableAppender a = scope.appender(LakeTables.METRICS, lakehouse.table(LakeTables.METRICS));
    for (Map.Entry<String, Double> e : values.entrySet()) {
      a.add(MetricsWriter.record(a, context.runId(), at.toInstant(),
          new Metric(STAGE, e.getKey(), e.getValue(), labels)));
    }
  }

  /** A sample in a shard. */
  private record Member(String shard, String itemId, String key) {
  }

  /**
   * Failures to {@code obs.failures}, shards to the statement's progress, members to
   * {@code lake.assets}.
   */
  private final class Listener implements ShardListener {
    private final String stage;
    private final long total;
    private final ItemSamples items;
    private final Map<String, Object[]> byId;
    private long done;
    private long bytes;
    private long failures;
    private final List<Member> members = new ArrayList<>();

    Listener(ShardVersion version, long total, ItemSamples items, Map<String, Object[]> byId) {
      this.stage = "shards " + version.name();
      this.total = total;
      this.items = items;
      this.byId = byId;
    }

    @Override
    public void failure(ShardFailure f) {
      failures++;
      Object[] row = byId.get(f.itemId());
      String source = row == null ? null : items.string(row, "source");
      String modality = row == null ? null : items.string(row, "modality");
      String ref = row == null ? null : items.blobRef(row);
      context.failures().record(FailureEvent.of(STAGE, source, modality, f.itemId(), ref,
          f.errorType(), "WRITE_SHARDS left out item " + f.itemId() + " (key " + f.key() + "): "
          + f.message(), f.errorType().equals("blob_io")));
      context.progress().update(stage, done + failures, total, failures, bytes);
    }

    @Override
    public void shardWritten(ShardResult shard, int shardsPlanned) {
      done += shard.samples();
      bytes += shard.bytes();
      context.progress().update(stage, done + failures, total, failures, bytes);
    }

    @Override
    public void memberWritten(ShardResult shard, String itemId, String key) {
      members.add(new Member(shard.name(), itemId, key));
    }

    /** The samples written, as {@code shard_member} assets of their items. */
    List<DerivedAsset> members(Path dir, ShardVersion version, String optionsHash) {
      String config = "{\"options_hash\":\"" + optionsHash + "\",\"version\":\""
          + version.name() + "\"}";
      List<DerivedAsset> out = new ArrayList<>(members.size());
      String shard = null;
      int ordinal = 0;
      for (Member m : members) {
        ordinal = m.shard().equals(shard) ? ordinal + 1 : 0;
        shard = m.shard();
        out.add(new DerivedAsset(m.itemId(), null, DerivedAsset.SHARD_MEMBER, null,
            dir.resolve(m.shard()).toUri() + "#" + m.key(), ordinal, "WRITE_SHARDS", config));
      }
      return out;
    }
  }
}
