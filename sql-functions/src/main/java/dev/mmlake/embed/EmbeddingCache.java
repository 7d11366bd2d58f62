package dev.mmlake.embed;

import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Embeddings stored in {@code lake.embeddings}, keyed by (content_hash, model, model_version):
 * read first, compute only the misses, store them in one snapshot per call.
 *
 * <p>The content hash is the sha256 hex of the input's bytes (UTF-8 for text), as
 * {@code CONTENT_HASH} computes it. Because the model version derives from the model files, a
 * cached vector is only ever reused for the exact files that computed it. Rows duplicated by two
 * concurrent writers are harmless: the first one read wins.
 */
public final class EmbeddingCache {
  private final Lakehouse lakehouse;

  public EmbeddingCache(Lakehouse lakehouse) {
    this.lakehouse = Objects.requireNonNull(lakehouse, "lakehouse is null");
  }

  /** Text embeddings through the cache; duplicate texts are embedded once. */
  public float[][] embedTexts(Embedder embedder, List<String> texts) {
    return through(embedder, texts, Sha256::hex, embedder::embedTexts);
  }

  /** Encoded-image embeddings through the cache; only missing images are decoded. */
  public float[][] embedImageBytes(ClipEmbedder embedder, List<byte[]> images) {
    return through(embedder, images, Sha256::hex, embedder::embedImageBytes);
  }

  private <T> float[][] through(Embedder embedder, List<T> inputs, Function<T, String> hash,
      Function<List<T>, float[][]> compute) {
    List<String> hashes = new ArrayList<>(inputs.size());
    for (T input : inputs) {
      hashes.add(hash.apply(Objects.requireNonNull(input, "input is null")));
    }
    Map<String, float[]> found = lookup(embedder.model(), embedder.version(), hashes);
    Map<String, T> missing = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      if (!found.containsKey(hashes.get(i))) {
        missing.putIfAbsent(hashes.get(i), inputs.get(i));
      }
    }
    if (!missing.isEmpty()) {
      float[][] computed = compute.apply(new ArrayList<>(missing.values()));
      Map<String, float[]> fresh = new LinkedHashMap<>();
      int k = 0;
      for (String h : missing.keySet()) {
        fresh.put(h, computed[k++]);
      }
      store(embedder.model(), embedder.version(), fresh);
      found.putAll(fresh);
    }
    float[][] out = new float[inputs.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = found.get(hashes.get(i));
    }
    return out;
  }

  /** Stored vectors of (model, version) for those content hashes that have one. */
  public Map<String, float[]> lookup(String model, String version, Collection<String> hashes) {
    Map<String, float[]> out = new HashMap<>();
    if (hashes.isEmpty()) {
      return out;
    }
    Table table = lakehouse.table(LakeTables.EMBEDDINGS);
    table.refresh();
    if (table.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table)
        .select("content_hash", "vector")
        .where(Expressions.and(Expressions.equal("model", model),
            Expressions.equal("model_version", version),
            Expressions.in("content_hash", new ArrayList<>(hashes).toArray())))
        .build()) {
      for (Record r : rows) {
        out.putIfAbsent((String) r.getField("content_hash"), toArray(r.getField("vector")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + LakeTables.EMBEDDINGS, e);
    }
    return out;
  }

  /** Appends vectors of (model, version) in one snapshot; returns the number of rows written. */
  public long store(String model, String version, Map<String, float[]> vectors) {
    if (vectors.isEmpty()) {
      return 0;
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    try (TableAppender app = lakehouse.appender(lakehouse.table(LakeTables.EMBEDDINGS))) {
      for (Map.Entry<String, float[]> e : vectors.entrySet()) {
        GenericRecord r = app.newRecord();
        r.setField("content_hash", e.getKey());
        r.setField("model", model);
        r.setField("model_version", version);
        r.setField("dim", e.getValue().length);
        List<Float> v = new ArrayList<>(e.getValue().length);
        for (float x : e.getValue()) {
          v.add(x);
        }
        r.setField("vector", v);
        r.setField("created_at", now);
        app.add(r);
      }
      app.commit();
      return app.rows();
    }
  }

  private static float[] toArray(Object list) {
    List<?> l = (List<?>) list;
    float[] v = new float[l.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ((Number) l.get(i)).floatValue();
    }
    return v;
  }
}
