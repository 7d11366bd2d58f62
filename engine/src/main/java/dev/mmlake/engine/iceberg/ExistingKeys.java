package dev.mmlake.engine.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The identifier-field values of one table at one snapshot, for insert-if-absent: rows whose key
 * is already there (or was already added by the same statement) are skipped. Only the keys of the
 * incoming rows are looked up, a batch at a time ({@link #absent}): a scan of the key columns at
 * {@link #snapshotId()} with {@code key IN (...)} pushed down (at most {@value #KEYS_PER_SCAN}
 * values, the most Iceberg prunes files and row groups by min/max for), so an INSERT of a few rows
 * into a large table reads a few files. Keys of a type that has no Iceberg literal fall back to
 * reading every key once. The append re-checks keys committed after {@link #snapshotId()} when it
 * commits ({@code TableAppender.uniqueOn}). Memory is proportional to the keys looked up.
 */
final class ExistingKeys {
  /** Key rows read from tables by look-ups in this process (for tests). */
  static final AtomicLong KEYS_READ = new AtomicLong();

  private static final int KEYS_PER_SCAN = 200;

  private final Table table;
  private final List<Integer> positions = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  /** Keys in the table at the snapshot (among those checked) or added by this statement. */
  private final Set<Object> present = new HashSet<>();
  /** Keys whose presence in the table was checked. */
  private final Set<Object> checked = new HashSet<>();
  private final Long snapshotId;
  private boolean readAll;

  ExistingKeys(Table table, Schema schema) {
    this.table = table;
    for (Integer id : schema.identifierFieldIds()) {
      Types.NestedField f = schema.findField(id);
      positions.add(schema.columns().indexOf(f));
      names.add(f.name());
    }
    this.snapshotId = table.currentSnapshot() == null ? null
        : table.currentSnapshot().snapshotId();
  }

  /** The key columns, in identifier-field order. */
  List<String> columns() {
    return List.copyOf(names);
  }

  /** The snapshot whose keys are read, or null for an empty table. */
  Long snapshotId() {
    return snapshotId;
  }

  /**
   * The rows (Iceberg values in schema order) whose key is neither in the table nor seen before in
   * this statement, in input order; their keys are recorded, so a later batch skips them.
   */
  List<Object[]> absent(List<Object[]> rows) {
    List<Object> keys = new ArrayList<>(rows.size());
    Set<Object> unchecked = new LinkedHashSet<>();
    for (Object[] r : rows) {
      Object k = key(r);
      keys.add(k);
      if (!checked.contains(k)) {
        unchecked.add(k);
      }
    }
    lookUp(unchecked);
    List<Object[]> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (present.add(keys.get(i))) {
        out.add(rows.get(i));
      }
    }
    return out;
  }

  private Object key(Object[] icebergValues) {
    if (positions.size() == 1) {
      return icebergValues[positions.get(0)];
    }
    List<Object> l = new ArrayList<>();
    positions.forEach(p -> l.add(icebergValues[p]));
    return l;
  }

  private void lookUp(Set<Object> keys) {
    if (snapshotId == null || readAll || keys.isEmpty()) {
      checked.addAll(keys);
      return;
    }
    List<List<Object>> columns = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      columns.add(new ArrayList<>());
    }
    for (Object k : keys) {
      for (int c = 0; c < names.size(); c++) {
        Object v = names.size() == 1 ? k : ((List<?>) k).get(c);
        if (!(v instanceof CharSequence || v instanceof Integer || v instanceof Long)) {
          readAllKeys();
          return;
        }
        columns.get(c).add(v);
      }
    }
    List<Object> all = new ArrayList<>(keys);
    if (names.size() == 1) {
      sortIfComparable(all);
    }
    for (int from = 0; from < all.size(); from += KEYS_PER_SCAN) {
      List<Object> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_SCAN));
      Expression filter = Expressions.alwaysTrue();
      for (int c = 0; c < names.size(); c++) {
        Set<Object> values = new LinkedHashSet<>();
        for (Object k : chunk) {
          values.add(names.size() == 1 ? k : ((List<?>) k).get(c));
        }
        filter = Expressions.and(filter, Expressions.in(names.get(c), values));
      }
      Set<Object> wanted = new HashSet<>(chunk);
      read(filter, wanted);
    }
    checked.addAll(keys);
  }

  private static void sortIfComparable(List<Object> keys) {
    try {
      keys.sort(null);
    } catch (ClassCastException e) {
      // mixed key types: unsorted chunks prune less but are still correct
    }
  }

  private void readAllKeys() {
    read(Expressions.alwaysTrue(), null);
    readAll = true;
  }

  /** Adds the table's keys matching {@code filter} (and in {@code wanted} unless null). */
  private void read(Expression filter, Set<Object> wanted) {
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).useSnapshot(snapshotId)
        .select(names).where(filter).build()) {
      for (Record r : rows) {
        KEYS_READ.incrementAndGet();
        Object k = recordKey(r);
        if (wanted == null || wanted.contains(k)) {
          present.add(k);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Object recordKey(Record r) {
    if (names.size() == 1) {
      return r.getField(names.get(0));
    }
    List<Object> k = new ArrayList<>();
    names.forEach(n -> k.add(r.getField(n)));
    return k;
  }
}
