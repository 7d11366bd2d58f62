package dev.mmlake.engine.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The identifier-field values present in a table at one snapshot, for insert-if-absent: rows whose
 * key is already there (or was already added by the same statement) are skipped. Reads only the
 * key columns. The append re-checks keys committed after {@link #snapshotId()} when it commits
 * ({@code TableAppender.uniqueOn}). Memory is proportional to the number of keys (about 100 bytes
 * per 64-character id).
 */
final class ExistingKeys {
  private final List<Integer> positions = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final Set<Object> keys = new HashSet<>();
  private final Long snapshotId;

  ExistingKeys(Table table, Schema schema) {
    for (Integer id : schema.identifierFieldIds()) {
      Types.NestedField f = schema.findField(id);
      positions.add(schema.columns().indexOf(f));
      names.add(f.name());
    }
    this.snapshotId = table.currentSnapshot() == null ? null
        : table.currentSnapshot().snapshotId();
    if (snapshotId == null) {
      return;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).useSnapshot(snapshotId)
        .select(names).build()) {
      for (Record r : rows) {
        keys.add(key(r, names));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The key columns, in identifier-field order. */
  List<String> columns() {
    return List.copyOf(names);
  }

  /** The snapshot whose keys were read, or null for an empty table. */
  Long snapshotId() {
    return snapshotId;
  }

  private static Object key(Record r, List<String> names) {
    if (names.size() == 1) {
      return r.getField(names.get(0));
    }
    List<Object> k = new ArrayList<>();
    names.forEach(n -> k.add(r.getField(n)));
    return k;
  }

  /** True the first time a row's key is seen and it was not in the table; records it. */
  boolean addIfAbsent(Object[] icebergValues) {
    Object k;
    if (positions.size() == 1) {
      k = icebergValues[positions.get(0)];
    } else {
      List<Object> l = new ArrayList<>();
      positions.forEach(p -> l.add(icebergValues[p]));
      k = l;
    }
    return keys.add(k);
  }
}
