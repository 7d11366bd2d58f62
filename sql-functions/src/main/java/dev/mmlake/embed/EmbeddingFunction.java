package dev.mmlake.embed;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import dev.mmlake.functions.BatchFunction;
import dev.mmlake.functions.SqlReturns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * {@code EMBEDDING(content_hash, model [, version])}: a cached vector from
 * {@code lake.embeddings}. Without a version, every vector the query returns must come from one
 * model version: a query that would mix two versions in its result fails and says which to pin.
 */
public final class EmbeddingFunction implements BatchFunction {
  private final Map<String, Map<String, Map<String, float[]>>> byModel = new HashMap<>();
  private final Map<String, String> versionUsed = new HashMap<>();

  @SqlReturns("REAL ARRAY")
  public List<Float> eval(String contentHash, String model) {
    if (contentHash == null || model == null) {
      return null;
    }
    Map<String, float[]> versions = vectors(model).get(contentHash);
    if (versions == null) {
      return null;
    }
    String chosen = versionUsed.get(model);
    if (versions.size() > 1 && chosen == null) {
      throw new MmlakeException(ErrorCode.VALIDATION_ERROR,
          "Embeddings of model " + model + " exist in versions "
          + versions.keySet() + "; mixing them in one column is refused: pin one with EMBEDDING("
          + "content_hash, '" + model + "', '<version>')");
    }
    if (chosen == null) {
      chosen = versions.keySet().iterator().next();
      versionUsed.put(model, chosen);
    }
    float[] v = versions.get(chosen);
    if (v == null) {
      throw new MmlakeException(ErrorCode.VALIDATION_ERROR,
          "This query would mix vectors of model " + model
          + " versions " + chosen + " and " + versions.keySet() + " in one column; pin one with "
          + "EMBEDDING(content_hash, '" + model + "', '<version>')");
    }
    return QueryEmbeddings.toList(v);
  }

  @SqlReturns("REAL ARRAY")
  public List<Float> eval(String contentHash, String model, String version) {
    if (contentHash == null || model == null || version == null) {
      return null;
    }
    Map<String, float[]> versions = vectors(model).get(contentHash);
    return versions == null ? null : QueryEmbeddings.toList(versions.get(version));
  }

  /** One instance per query (the engine batches it), so the version check spans all rows. */
  @Override
  public List<Object> evalBatch(List<Object[]> args) {
    List<Object> out = new ArrayList<>(args.size());
    for (Object[] a : args) {
      out.add(a.length == 2 ? eval((String) a[0], (String) a[1])
          : eval((String) a[0], (String) a[1], (String) a[2]));
    }
    return out;
  }

  private Map<String, Map<String, float[]>> vectors(String model) {
    return byModel.computeIfAbsent(model, m -> {
      Map<String, Map<String, float[]>> out = new HashMap<>();
      var lakehouse = StatementContext.current().lakehouse();
      Table table = lakehouse.table(LakeTables.EMBEDDINGS);
      if (table.currentSnapshot() == null) {
        return out;
      }
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table)
          .select("content_hash", "model_version", "vector")
          .where(Expressions.equal("model", m)).build()) {
        for (Record r : rows) {
          List<?> l = (List<?>) r.getField("vector");
          float[] v = new float[l.size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) l.get(i)).floatValue();
          }
          out.computeIfAbsent((String) r.getField("content_hash"), k -> new TreeMap<>())
              .putIfAbsent((String) r.getField("model_version"), v);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    });
  }
}
