package dev.mmlake.engine.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Per-table system tables: {@code t$snapshots} (history), {@code t$refs} (tags and branches) and
 * {@code t$files} (data files of the current snapshot with their row counts and sizes).
 */
final class SystemTables {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SystemTables() {
  }

  // qualified: clashes with the imported Iceberg Table
  static org.apache.calcite.schema.Table of(TableIdentifier id, Table table, String kind) {
    return switch (kind) {
      case "snapshots" -> new Snapshots(table);
      case "refs" -> new Refs(table);
      case "files" -> new Files(table);
      default -> throw new LakehouseException(ErrorCode.NOT_FOUND,
          "Unknown system table %s$%s; use $snapshots, $refs "
          + "or $files", id, kind);
    };
  }

  private abstract static class SystemTable extends AbstractTable implements ScannableTable {
    final Table table;

    SystemTable(Table table) {
      this.table = table;
    }

    static RelDataType nullable(RelDataTypeFactory f, SqlTypeName t) {
      return f.createTypeWithNullability(f.createSqlType(t), true);
    }
  }

  private static final class Snapshots extends SystemTable {
    Snapshots(Table table) {
      super(table);
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder()
          .add("snapshot_id", SqlTypeName.BIGINT)
          .add("parent_id", nullable(f, SqlTypeName.BIGINT))
          .add("committed_at", f.createSqlType(SqlTypeName.TIMESTAMP, 3))
          .add("operation", nullable(f, SqlTypeName.VARCHAR))
          .add("is_current", SqlTypeName.BOOLEAN)
          .add("summary", nullable(f, SqlTypeName.VARCHAR))
          .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      Snapshot current = table.currentSnapshot();
      List<Object[]> rows = new ArrayList<>();
      for (Snapshot s : table.snapshots()) {
        rows.add(new Object[] {s.snapshotId(), s.parentId(), s.timestampMillis(), s.operation(),
            current != null && current.snapshotId() == s.snapshotId(), json(s.summary())});
      }
      return Linq4j.asEnumerable(rows);
    }
  }

  private static final class Refs extends SystemTable {
    Refs(Table table) {
      super(table);
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder()
          .add("name", SqlTypeName.VARCHAR)
          .add("type", SqlTypeName.VARCHAR)
          .add("snapshot_id", SqlTypeName.BIGINT)
          .add("committed_at", nullable(f, SqlTypeName.TIMESTAMP))
          .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      List<Object[]> rows = new ArrayList<>();
      for (Map.Entry<String, SnapshotRef> e : table.refs().entrySet()) {
        Snapshot s = table.snapshot(e.getValue().snapshotId());
        rows.add(new Object[] {e.getKey(), e.getValue().isTag() ? "TAG" : "BRANCH",
            e.getValue().snapshotId(), s == null ? null : s.timestampMillis()});
      }
      return Linq4j.asEnumerable(rows);
    }
  }

  private static final class Files extends SystemTable {
    Files(Table table) {
      super(table);
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder()
          .add("file_path", SqlTypeName.VARCHAR)
          .add("file_format", SqlTypeName.VARCHAR)
          .add("record_count", SqlTypeName.BIGINT)
          .add("file_size_in_bytes", SqlTypeName.BIGINT)
          .add("sequence_number", nullable(f, SqlTypeName.BIGINT))
          .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      List<Object[]> rows = new ArrayList<>();
      if (table.currentSnapshot() == null) {
        return Linq4j.asEnumerable(rows);
      }
      try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
        for (FileScanTask t : tasks) {
          rows.add(new Object[] {t.file().location(), t.file().format().name(),
              t.file().recordCount(), t.file().fileSizeInBytes(), t.file().dataSequenceNumber()});
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return Linq4j.asEnumerable(rows);
    }
  }

  static String json(Map<String, String> m) {
    try {
      return m == null ? null : JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
