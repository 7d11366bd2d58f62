package dev.mmlake.lineage;

import dev.mmlake.catalog.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/** Filtered reads of lakehouse tables for lineage: the filter prunes files, the test rows. */
final class LakeRows {
  private final Lakehouse lakehouse;

  LakeRows(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  Lakehouse lakehouse() {
    return lakehouse;
  }

  /**
   * The rows of {@code id} (at {@code snapshotId}, or the current snapshot when null) that pass
   * {@code filter} and {@code test}; none when the table does not exist or is empty.
   */
  List<Record> read(TableIdentifier id, Long snapshotId, Expression filter,
      Predicate<Record> test) {
    List<Record> out = new ArrayList<>();
    if (!lakehouse.catalog().tableExists(id)) {
      return out;
    }
    Table t = lakehouse.table(id);
    if (t.currentSnapshot() == null) {
      return out;
    }
    IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(t).where(filter);
    if (snapshotId != null) {
      scan = scan.useSnapshot(snapshotId);
    }
    try (CloseableIterable<Record> rows = scan.build()) {
      for (Record r : rows) {
        if (test.test(r)) {
          out.add(r.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + id, e);
    }
    return out;
  }

  static String text(Record r, String field) {
    if (r.struct().field(field) == null) {
      return null;
    }
    Object v = r.getField(field);
    return v == null ? null : v.toString();
  }
}
