package dev.mmlake.bench;

import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;

/**
 * Fills {@code lake.embeddings} with synthetic vectors for benchmarks and tests: the key of row
 * {@code i} is the sha256 of {@link #text(int) text(i)}, so {@code EMBED_TEXT(text(i))} hits it.
 * Rows are written sorted by content hash, {@code rowsPerFile} to a data file (one snapshot per
 * file), the layout a compaction sorted on the key leaves. Vector {@code i} is
 * {@code i} followed by random
 * floats.
 */
public final class FakeEmbeddingCache {
  private FakeEmbeddingCache() {
  }

  /** The text whose vector is row {@code i}. */
  public static String text(int i) {
    return "cached sentence number " + i;
  }

  /** Writes {@code rows} vectors of {@code dim} floats for (model, version). */
  public static void write(Lakehouse lakehouse, String model, String version, int rows, int dim,
      int rowsPerFile) {
    TreeMap<String, Integer> byHash = new TreeMap<>();
    for (int i = 0; i < rows; i++) {
      byHash.put(Sha256.hex(text(i)), i);
    }
    Table table = lakehouse.table(LakeTables.EMBEDDINGS);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Random random = new Random(7);
    TableAppender appender = null;
    int inFile = 0;
    for (var e : byHash.entrySet()) {
      if (appender == null) {
        appender = lakehouse.appender(table);
      }
      GenericRecord r = appender.newRecord();
      r.setField("content_hash", e.getKey());
      r.setField("model", model);
      r.setField("model_version", version);
      r.setField("dim", dim);
      List<Float> v = new ArrayList<>(dim);
      v.add((float) e.getValue());
      for (int d = 1; d < dim; d++) {
        v.add(random.nextFloat()); // incompressible, so row groups are sized like real vectors
      }
      r.setField("vector", v);
      r.setField("created_at", now);
      appender.add(r);
      if (++inFile == rowsPerFile) {
        appender.commit();
        table.refresh();
        appender = null;
        inFile = 0;
      }
    }
    if (appender != null) {
      appender.commit();
      table.refresh();
    }
  }
}
