package dev.mmlake.connectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The captions of an index file (COCO's annotations, MSR-VTT's sentences): grouped by the item
 * they describe, joined into that item's text, and kept in its metadata.
 */
final class Captions {
  private Captions() {
  }

  /**
   * The captions of each item, keyed by {@code item}, each list in {@code order} (ties keep file
   * order). A missing list (null) has no captions.
   */
  static <T, K> Map<K, List<T>> byItem(List<T> captions, Function<T, K> item,
      Comparator<T> order) {
    Map<K, List<T>> out = new HashMap<>();
    if (captions != null) {
      for (T c : captions) {
        out.computeIfAbsent(item.apply(c), k -> new ArrayList<>()).add(c);
      }
    }
    out.values().forEach(list -> list.sort(order));
    return out;
  }

  /** The item's text: each caption stripped, joined with newlines; null when it has none. */
  static <T> String text(List<T> captions, Function<T, String> caption) {
    if (captions.isEmpty()) {
      return null;
    }
    List<String> lines = new ArrayList<>(captions.size());
    for (T c : captions) {
      String s = caption.apply(c);
      lines.add(s == null ? "" : s.strip());
    }
    return String.join("\n", lines);
  }

  /**
   * Adds {@code "captions": [{<idField>: id, "caption": text}, ...]} to an item's metadata,
   * captions as given (not stripped).
   */
  static <T> void addTo(ObjectNode metadata, List<T> captions, String idField,
      Function<T, Long> id, Function<T, String> caption) {
    ArrayNode list = metadata.putArray("captions");
    for (T c : captions) {
      list.addObject().put(idField, id.apply(c)).put("caption", caption.apply(c));
    }
  }
}
