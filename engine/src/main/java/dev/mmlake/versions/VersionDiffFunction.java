package dev.mmlake.versions;

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
 * {@code VERSION_DIFF('coco@v001', 'coco@v002')}: one row per item added or removed, with columns
 * item_id, change ('added' | 'removed'), reason_kind, reason and source. See {@link VersionDiff}.
 */
public final class VersionDiffFunction {
  private VersionDiffFunction() {
  }

  /** The SQL table function; the diff is computed when the table is scanned. */
  public static ScannableTable versionDiff(String from, String to) {
    return new DiffTable(VersionName.parse(from), VersionName.parse(to));
  }

  private static final class DiffTable extends AbstractTable implements ScannableTable {
    private final VersionName from;
    private final VersionName to;

    DiffTable(VersionName from, VersionName to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      RelDataType text = f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true);
      return f.builder()
          .add("item_id", f.createSqlType(SqlTypeName.VARCHAR))
          .add("change", f.createSqlType(SqlTypeName.VARCHAR))
          .add("reason_kind", text)
          .add("reason", text)
          .add("source", text)
          .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      List<VersionDiff.Change> changes = new VersionDiff(StatementScopes.of(root).lakehouse())
          .compute(from, to);
      return Linq4j.asEnumerable(changes.stream()
          .map(c -> new Object[] {c.itemId(), c.change(), c.reasonKind(), c.reason(), c.source()})
          .toList());
    }
  }
}
