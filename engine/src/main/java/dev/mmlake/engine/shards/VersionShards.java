package dev.mmlake.engine.shards;

import dev.mmlake.catalog.FailureEvent;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.dedup.Metric;
import dev.mmlake.dedup.MetricsWriter;
import dev.mmlake.embed.ModelSpec;
import dev.mmlake.engine.exec.StatementScope;
import dev.mmlake.engine.shards.ShardVersions.ShardVersion;
import dev.mmlake.error.InvalidArgumentException;
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

  private final StatementScope scope;
  private final StatementContext context;
  private final Lakehouse lakehouse;

  VersionShards(StatementScope scope) {
    this.scope = scope;
    this.context = scope.context();
    this.lakehouse = scope.lakehouse();
  }

  List<Object[]> write(Iterable<Object[]> input, List<String> columns, String location,
      ShardRequest request) {
    InvalidArgumentException.check(!columns.isEmpty(), "WRITE_SHARDS takes the rows to write as "
        + "CURSOR(query), e.g. CURSOR(SELECT * FROM datasets.\"coco@v002\")");
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
    Path dir = folder(location);
    long start = System.nanoTime();

    ItemSamples items = new ItemSamples(columns, lakehouse.cas(), version);
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

    Listener listener = new Listener(version, samples.size(), items, byId);
    ShardSetResult result = new ShardSetWriter(dir, options).write(samples, listener);
    scope.onAbort(LakeTables.SHARDS, () -> remove(dir, result));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<Object[]> out = store.append(scope, version, optionsHash, dir, result.shards(), now);
    double seconds = (System.nanoTime() - start) / 1e9;
    metrics(version, optionsHash, result, missingVectors, seconds, now);
    return out;
  }

  /** The output folder: {@code location}, relative to the lakehouse's home folder. */
  private Path folder(String location) {
    Path p = Path.of(location.strip());
    return (p.isAbsolute() ? p : lakehouse.config().home().resolve(p)).toAbsolutePath()
        .normalize();
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

  /** Failures to {@code obs.failures}, shards to the statement's progress. */
  private final class Listener implements ShardListener {
    private final String stage;
    private final long total;
    private final ItemSamples items;
    private final Map<String, Object[]> byId;
    private long done;
    private long bytes;
    private long failures;

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
  }
}
