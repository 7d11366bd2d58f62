package dev.mmlake.engine.sql;

import java.util.List;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.ddl.SqlCreateTable;

/**
 * {@code CREATE TABLE ... PARTITIONED BY (...)}: Calcite's CREATE TABLE node plus the partition
 * entries {@link PartitionClause} peeled off the text.
 */
public final class SqlCreatePartitionedTable extends SqlCreateTable {
  private final List<PartitionField> partitioning;

  SqlCreatePartitionedTable(SqlCreateTable create, List<PartitionField> partitioning) {
    super(create.getParserPosition(), create.getReplace(), create.ifNotExists, create.name,
        create.columnList, create.query);
    this.partitioning = List.copyOf(partitioning);
  }

  /** The partition entries in the order written. */
  public List<PartitionField> partitioning() {
    return partitioning;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(getReplace() ? "CREATE OR REPLACE TABLE" : "CREATE TABLE");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    if (columnList != null) {
      SqlWriter.Frame frame = writer.startList("(", ")");
      for (var c : columnList) {
        writer.sep(",");
        c.unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
    writer.keyword("PARTITIONED BY");
    writer.print("(" + String.join(", ", partitioning.stream().map(PartitionField::sql).toList())
        + ")");
    if (query != null) {
      writer.keyword("AS");
      writer.newlineAndIndent();
      query.unparse(writer, 0, 0);
    }
  }
}
