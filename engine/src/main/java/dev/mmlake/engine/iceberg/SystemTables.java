package dev.mmlake.engine.iceberg;

import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.error.ErrorCode;
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
import org.apache.iceberg.MetadataTableType;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Per-table system tables: {@code t$refs} (tags and branches with their commit time) and every
 * Iceberg metadata table ({@code t$history}, {@code $snapshots}, {@code $manifests},
 * {@code $partitions}, {@code $files}, ...) with Iceberg's column names
 * ({@link IcebergMetadataTable}); {@code $snapshots} adds {@code is_current}.
 */
final class SystemTables {
  private static final String ICEBERG_TABLES = "$history, $snapshots, $manifests, $partitions, "
      + "$files, $data_files, $delete_files, $entries, $metadata_log_entries, $all_data_files, "
      + "$all_manifests";

  private SystemTables() {
  }

  // qualified: clashes with the imported Iceberg Table
  static org.apache.calcite.schema.Table of(TableIdentifier id, Table table, String kind) {
    if (kind.equals("refs")) {
      return new Refs(table);
    }
    MetadataTableType type = MetadataTableType.from(kind);
    if (type == null) {
      throw new LakehouseException(ErrorCode.NOT_FOUND, "Unknown system table %s$%s; use $refs "
          + "or one of Iceberg's metadata tables: %s", id, kind, ICEBERG_TABLES);
    }
    return new IcebergMetadataTable(table, type,
        type == MetadataTableType.SNAPSHOTS ? List.of("is_current") : List.of());
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
}
