package dev.mmlake.embed;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.catalog.TableAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The embedding cache as one query sees it: the vectors of one (model, version) already in
 * {@code lake.embeddings}, looked up by key for each batch the query embeds ({@link #lookUp}),
 * plus the vectors the query computes, which are appended to the statement's pending writes and
 * so committed with it (one snapshot per statement, after the statement's own table; nothing if
 * the statement fails). The append is unique on (content_hash, model, model_version), checked
 * again at commit against vectors other statements committed meanwhile, so the cache holds each
 * vector once.
 *
 * <p>A look-up is an Iceberg scan of the snapshot pinned when the query started, with
 * {@code content_hash IN (...)} (at most {@value #KEYS_PER_SCAN} keys, the most Iceberg prunes by
 * min/max for) and the model version pushed down: files and Parquet row groups whose hash range
 * holds none of the keys are skipped, and the rest are filtered while read. A cache sorted or
 * clustered by {@code content_hash} therefore reads a few files per batch, whatever its size.
 *
 * <p>Memory: about {@code 4 * dim + 100} bytes per vector this query looked up or computed.
 */
public final class QueryEmbeddings {
  /**
   * Rows held by the data files that look-ups opened, in this process (for tests and benchmarks):
   * the rows a look-up may have had to read after file pruning.
   */
  public static final AtomicLong ROWS_IN_FILES_READ = new AtomicLong();
  /** Data files that look-ups opened, in this process (for tests and benchmarks). */
  public static final AtomicLong FILES_READ = new AtomicLong();

  /** Iceberg evaluates an IN of up to 200 values against file and row-group min/max. */
  static final int KEYS_PER_SCAN = 200;

  private final Lakehouse lakehouse;
  private final StatementContext statement;
  private final String model;
  private final String version;
  private final Map<String, float[]> vectors = new HashMap<>();
  private final Set<String> lookedUp = new HashSet<>();
  private final Long loadedSnapshot;

  QueryEmbeddings(StatementContext statement, String model, String version) {
    this.statement = statement;
    this.lakehouse = statement.lakehouse();
    this.model = model;
    this.version = version;
    Table table = lakehouse.table(LakeTables.EMBEDDINGS);
    this.loadedSnapshot = table.currentSnapshot() == null ? null
        : table.currentSnapshot().snapshotId();
  }

  /**
   * Reads the cached vectors of {@code contentHashes} not looked up before in this query, so that
   * {@link #get} answers for them. Null keys are ignored.
   */
  void lookUp(Collection<String> contentHashes) {
    List<String> keys = new ArrayList<>();
    for (String h : contentHashes) {
      if (h != null && !vectors.containsKey(h) && lookedUp.add(h)) {
        keys.add(h);
      }
    }
    if (loadedSnapshot == null || keys.isEmpty()) {
      return;
    }
    // sorted, so each scan's keys span a narrow hash range that min/max can prune on
    keys.sort(null);
    Table table = lakehouse.table(LakeTables.EMBEDDINGS);
    for (int from = 0; from < keys.size(); from += KEYS_PER_SCAN) {
      read(table, keys.subList(from, Math.min(keys.size(), from + KEYS_PER_SCAN)));
    }
  }

  private void read(Table table, List<String> keyList) {
    Set<String> keys = new HashSet<>(keyList);
    Expression filter = Expressions.and(Expressions.equal("model", model),
        Expressions.equal("model_version", version), Expressions.in("content_hash", keyList));
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(loadedSnapshot)
        .filter(filter).planFiles()) {
      boolean any = false;
      for (FileScanTask t : tasks) {
        any = true;
        FILES_READ.incrementAndGet();
        ROWS_IN_FILES_READ.addAndGet(t.file().recordCount());
      }
      if (!any) {
        return;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan a read of " + LakeTables.EMBEDDINGS, e);
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).useSnapshot(loadedSnapshot)
        .select("content_hash", "vector").where(filter).build()) {
      for (Record r : rows) {
        String hash = (String) r.getField("content_hash");
        if (!keys.contains(hash)) {
          continue; // a row of a pruned-in row group that the residual did not drop
        }
        List<?> l = (List<?>) r.getField("vector");
        float[] v = new float[l.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = ((Number) l.get(i)).floatValue();
        }
        vectors.putIfAbsent(hash, v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + LakeTables.EMBEDDINGS, e);
    }
  }

  /** The vector of {@code contentHash} if {@link #lookUp looked up} or computed; else null. */
  float[] get(String contentHash) {
    return vectors.get(contentHash);
  }

  /** Records a freshly computed vector; it is written when the statement commits. */
  void put(String contentHash, float[] vector) {
    if (vectors.putIfAbsent(contentHash, vector) != null) {
      return;
    }
    // unique on (content_hash, model, model_version): a vector another statement committed since
    // the cache was loaded is not written twice
    TableAppender a = statement.writes()
        .appender(LakeTables.EMBEDDINGS, lakehouse.table(LakeTables.EMBEDDINGS))
        .uniqueOn(LakeTables.EMBEDDINGS_KEY, loadedSnapshot);
    GenericRecord r = a.newRecord();
    r.setField("content_hash", contentHash);
    r.setField("model", model);
    r.setField("model_version", version);
    r.setField("dim", vector.length);
    List<Float> list = new ArrayList<>(vector.length);
    for (float x : vector) {
      list.add(x);
    }
    r.setField("vector", list);
    r.setField("created_at", OffsetDateTime.now(ZoneOffset.UTC));
    a.add(r);
  }

  static List<Float> toList(float[] v) {
    if (v == null) {
      return null;
    }
    List<Float> out = new ArrayList<>(v.length);
    for (float x : v) {
      out.add(x);
    }
    return out;
  }
}
