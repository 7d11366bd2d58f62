package dev.mmlake.engine.obs;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.metric.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * State of the catalog (stage {@code catalog}): items per source and modality, items whose
 * content has no vector in {@code lake.embeddings} (per modality), and the license mix. Reads a
 * few columns of {@code lake.items} and {@code lake.embeddings} in full, so it is recorded once
 * per version build rather than per statement.
 */
public final class CatalogMetrics {
  private CatalogMetrics() {
  }

  /** The catalog metrics now. */
  public static List<Metric> of(Lakehouse lakehouse) {
    List<Metric> out = new ArrayList<>();
    if (!lakehouse.catalog().tableExists(LakeTables.ITEMS)) {
      return out;
    }
    Set<String> embedded = new HashSet<>();
    scan(lakehouse, LakeTables.EMBEDDINGS, List.of("content_hash"),
        r -> embedded.add((String) r.getField("content_hash")));
    Map<List<String>, Long> items = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    Map<String, Long> missing = new TreeMap<>();
    Map<String, Long> licenses = new TreeMap<>();
    scan(lakehouse, LakeTables.ITEMS, List.of("source", "modality", "license", "content_hash"),
        r -> {
          String modality = String.valueOf(r.getField("modality"));
          items.merge(List.of(String.valueOf(r.getField("source")), modality), 1L, Long::sum);
          Object hash = r.getField("content_hash");
          if (hash == null || !embedded.contains(hash)) {
            missing.merge(modality, 1L, Long::sum);
          }
          licenses.merge(String.valueOf(r.getField("license")), 1L, Long::sum);
        });
    items.forEach((k, n) -> out.add(new Metric("catalog", "items", n, "rows",
        StageMetrics.json(Map.of("source", k.get(0), "modality", k.get(1))))));
    missing.forEach((m, n) -> out.add(new Metric("catalog", "items_missing_embeddings", n,
        "rows", StageMetrics.json(Map.of("modality", m)))));
    licenses.forEach((l, n) -> out.add(new Metric("catalog", "items_by_license", n, "rows",
        StageMetrics.json(Map.of("license", l)))));
    return out;
  }

  private static void scan(Lakehouse lakehouse, TableIdentifier id, List<String> columns,
      Consumer<Record> sink) {
    if (!lakehouse.catalog().tableExists(id)) {
      return;
    }
    Table t = lakehouse.table(id);
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).select(columns).build()) {
      rows.forEach(sink);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + id + " for catalog metrics", e);
    }
  }
}
