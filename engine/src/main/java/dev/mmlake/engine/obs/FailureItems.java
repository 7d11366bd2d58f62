package dev.mmlake.engine.obs;

import dev.mmlake.catalog.FailureEvent;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Fills in the item of failures that a function recorded by content only: decode and embed
 * functions see a {@code cas://} URI, not the item. The item id, source and modality are looked
 * up in {@code lake.items} by {@code content_uri} (one filtered scan per run with such failures).
 * When several items share the content, the first found is named.
 */
public final class FailureItems {
  private static final String CAS = "cas://";

  private FailureItems() {
  }

  /** {@code events} with item id, source and modality filled in where the content is known. */
  public static List<FailureEvent> resolve(Lakehouse lakehouse, List<FailureEvent> events) {
    Set<String> uris = new LinkedHashSet<>();
    for (FailureEvent e : events) {
      if (e.itemId() == null && e.itemRef() != null && e.itemRef().startsWith(CAS)) {
        uris.add(e.itemRef());
      }
    }
    if (uris.isEmpty() || !lakehouse.catalog().tableExists(LakeTables.ITEMS)) {
      return events;
    }
    Map<String, Record> items = new HashMap<>();
    Table t = lakehouse.table(LakeTables.ITEMS);
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t)
        .select("id", "source", "modality", "content_uri")
        .where(Expressions.in("content_uri", uris.toArray())).build()) {
      for (Record r : rows) {
        items.putIfAbsent((String) r.getField("content_uri"), r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look up failed items in lake.items", e);
    }
    List<FailureEvent> out = new ArrayList<>(events.size());
    for (FailureEvent e : events) {
      Record item = e.itemId() == null ? items.get(e.itemRef()) : null;
      out.add(item == null ? e : new FailureEvent(e.stage(),
          e.source() != null ? e.source() : (String) item.getField("source"),
          e.modality() != null ? e.modality() : (String) item.getField("modality"),
          (String) item.getField("id"), e.itemRef(), e.errorType(), e.message(), e.retryable(),
          e.occurredAt()));
    }
    return out;
  }
}
