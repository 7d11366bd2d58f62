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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The embedding cache as one query sees it: the vectors of one (model, version) already in
 * {@code lake.embeddings}, loaded once when the query first needs them, plus the vectors the
 * query computes, which are appended to the statement's pending writes and so committed with it
 * (one snapshot per statement, after the statement's own table; nothing if the statement fails).
 * The append is unique on (content_hash, model, model_version), checked again at commit against
 * vectors other statements committed meanwhile, so the cache holds each vector once.
 *
 * <p>Memory: about {@code 4 * dim + 100} bytes per cached vector of that model version.
 */
final class QueryEmbeddings {
  private final Lakehouse lakehouse;
  private final StatementContext statement;
  private final String model;
  private final String version;
  private final Map<String, float[]> vectors = new HashMap<>();
  private Long loadedSnapshot;

  QueryEmbeddings(StatementContext statement, String model, String version) {
    this.statement = statement;
    this.lakehouse = statement.lakehouse();
    this.model = model;
    this.version = version;
    load();
  }

  private void load() {
    Table table = lakehouse.table(LakeTables.EMBEDDINGS);
    if (table.currentSnapshot() == null) {
      return;
    }
    loadedSnapshot = table.currentSnapshot().snapshotId();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).useSnapshot(loadedSnapshot)
        .select("content_hash", "vector")
        .where(Expressions.and(Expressions.equal("model", model),
            Expressions.equal("model_version", version)))
        .build()) {
      for (Record r : rows) {
        List<?> l = (List<?>) r.getField("vector");
        float[] v = new float[l.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = ((Number) l.get(i)).floatValue();
        }
        vectors.putIfAbsent((String) r.getField("content_hash"), v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + LakeTables.EMBEDDINGS, e);
    }
  }

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
