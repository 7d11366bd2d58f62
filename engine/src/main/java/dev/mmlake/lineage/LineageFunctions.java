package dev.mmlake.lineage;

import dev.mmlake.engine.exec.StatementScopes;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The lineage table functions:
 * <ul>
 *   <li>{@code LINEAGE('<item id>')}: one row per hop of the item's lineage, in order, with
 *       columns hop_no, hop, name, detail (JSON), run_id, snapshot_id, occurred_at (see
 *       {@link ItemLineage});</li>
 *   <li>{@code LINEAGE_ITEMS('<dataset@version>', '<kind>', '<value>')}: the items of a version
 *       that share one upstream fact, with columns item_id, source, source_id, matched (see
 *       {@link LineageItems}).</li>
 * </ul>
 */
public final class LineageFunctions {
  private LineageFunctions() {
  }

  /** {@code LINEAGE(item_id)}; computed when the table is scanned. */
  public static ScannableTable lineage(String itemId) {
    return new LineageTable(itemId);
  }

  /** {@code LINEAGE_ITEMS(version, kind, value)}; computed when the table is scanned. */
  public static ScannableTable lineageItems(String version, String kind, String value) {
    return new ItemsTable(version, kind, value);
  }

  private static RelDataType text(RelDataTypeFactory f) {
    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true);
  }

  private static final class LineageTable extends AbstractTable implements ScannableTable {
    private final String itemId;

    LineageTable(String itemId) {
      this.itemId = itemId;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder()
          .add("hop_no", f.createSqlType(SqlTypeName.INTEGER))
          .add("hop", f.createSqlType(SqlTypeName.VARCHAR))
          .add("name", text(f))
          .add("detail", text(f))
          .add("run_id", text(f))
          .add("snapshot_id", f.createTypeWithNullability(f.createSqlType(SqlTypeName.BIGINT),
              true))
          .add("occurred_at", f.createTypeWithNullability(f.createSqlType(SqlTypeName.TIMESTAMP, 3),
              true))
          .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      List<Hop> hops = new ItemLineage(StatementScopes.of(root).lakehouse()).trace(itemId);
      return Linq4j.asEnumerable(hops.stream().map(h -> new Object[] {h.hopNo(), h.hop(),
          h.name(), h.detail(), h.runId(), h.snapshotId(),
          h.at() == null ? null : h.at().toEpochMilli()}).toList());
    }
  }

  private static final class ItemsTable extends AbstractTable implements ScannableTable {
    private final String version;
    private final String kind;
    private final String value;

    ItemsTable(String version, String kind, String value) {
      this.version = version;
      this.kind = kind;
      this.value = value;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder()
          .add("item_id", f.createSqlType(SqlTypeName.VARCHAR))
          .add("source", text(f))
          .add("source_id", text(f))
          .add("matched", text(f))
          .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      List<LineageItems.Match> found = new LineageItems(StatementScopes.of(root).lakehouse())
          .find(version, kind, value);
      return Linq4j.asEnumerable(found.stream().map(m -> new Object[] {m.itemId(), m.source(),
          m.sourceId(), m.matched()}).toList());
    }
  }
}
