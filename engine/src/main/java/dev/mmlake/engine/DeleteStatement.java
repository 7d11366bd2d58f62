package dev.mmlake.engine;

import dev.mmlake.catalog.TableAppender;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * {@code DELETE FROM t [WHERE cond]} as copy-on-write: the rows that survive are rewritten into new
 * data files and one overwrite snapshot swaps them for the old files. Earlier snapshots (and the
 * versions tagged on them) keep every row. A concurrent write to the table makes the delete fail
 * without changing anything.
 */
final class DeleteStatement {
  private final Session session;

  DeleteStatement(Session session) {
    this.session = session;
  }

  long execute(SqlDelete delete, String sql, RunTracker run) throws SQLException {
    if (!(delete.getTargetTable() instanceof SqlIdentifier name)) {
      throw new SqlStatementException(ErrorCode.UNSUPPORTED,
          "DELETE needs a plain table name");
    }
    TableIdentifier id = session.tableIdentifier(name);
    Table table = session.lakehouse().table(id);
    Snapshot base = table.currentSnapshot();
    if (base == null) {
      return 0;
    }
    long before = Long.parseLong(base.summary().getOrDefault("total-records", "0"));
    List<DataFile> oldFiles = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId())
        .planFiles()) {
      tasks.forEach(t -> oldFiles.add(t.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Types.NestedField> fields = table.schema().columns();
    List<String> at = new ArrayList<>(List.of(id.namespace().levels()));
    at.add(id.name() + "@" + base.snapshotId());
    run.mounts().mountIdentifier(at);
    try (TableAppender out = session.lakehouse().appender(table);
         Statement st = session.connection().createStatement();
         ResultSet rs = session.executeQuery(st, sql, keptRows(delete, at))) {
      long kept = ResultRows.copy(rs, out, fields);
      long deleted = before - kept;
      if (deleted == 0) {
        return 0;
      }
      run.addSnapshot(out.commitReplacing(oldFiles, base.snapshotId()));
      run.addRowsWritten(kept);
      return deleted;
    }
  }

  /**
   * The rows a DELETE keeps, as a query over the table at its base snapshot:
   * {@code SELECT * FROM t@base [alias] WHERE NOT COALESCE(condition, FALSE)}. Built from the
   * parsed DELETE, so positions of errors in the condition point into the user's text.
   */
  private static SqlSelect keptRows(SqlDelete delete, List<String> tableAtBase) {
    SqlParserPos pos = delete.getParserPosition();
    SqlNode from = new SqlIdentifier(tableAtBase, pos);
    if (delete.getAlias() != null) {
      from = SqlStdOperatorTable.AS.createCall(pos, from, delete.getAlias());
    }
    SqlNode keep = delete.getCondition() == null ? SqlLiteral.createBoolean(false, pos)
        : SqlStdOperatorTable.NOT.createCall(pos, SqlStdOperatorTable.COALESCE.createCall(pos,
            delete.getCondition(), SqlLiteral.createBoolean(false, pos)));
    return new SqlSelect(pos, null, SqlNodeList.of(SqlIdentifier.star(pos)), from, keep, null,
        null, null, null, null, null, null);
  }
}
