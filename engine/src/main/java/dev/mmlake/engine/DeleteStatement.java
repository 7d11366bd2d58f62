package dev.mmlake.engine;

import dev.mmlake.catalog.TableAppender;
import dev.mmlake.engine.iceberg.IcebergTypes;
import dev.mmlake.engine.sql.SqlParsing;
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
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
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

  long execute(SqlDelete delete, RunTracker run) throws SQLException {
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
    String alias = delete.getAlias() != null ? " AS \"" + delete.getAlias().getSimple() + "\"" : "";
    String keep = delete.getCondition() == null ? "FALSE"
        : "NOT COALESCE((" + SqlParsing.unparse(delete.getCondition()) + "), FALSE)";
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
         ResultSet rs = st.executeQuery("SELECT * FROM "
             + DdlStatements.quoted(id, String.valueOf(base.snapshotId())) + alias + " WHERE " + keep)) {
      long kept = 0;
      while (rs.next()) {
        GenericRecord r = out.newRecord();
        for (int i = 0; i < fields.size(); i++) {
          Object v = rs.getObject(i + 1);
          r.set(i, IcebergTypes.toIcebergValue(jdbcToInternal(v), fields.get(i).type()));
        }
        out.add(r);
        kept++;
      }
      long deleted = before - kept;
      if (deleted == 0) {
        return 0;
      }
      run.addSnapshot(out.commitReplacing(oldFiles, base.snapshotId()));
      run.addRowsWritten(kept);
      return deleted;
    }
  }

  private static Object jdbcToInternal(Object v) throws SQLException {
    if (v instanceof java.sql.Array a) {
      List<Object> list = new ArrayList<>();
      for (Object e : JdbcValues.toList(a)) {
        list.add(jdbcToInternal(e));
      }
      return list;
    }
    if (v instanceof java.sql.Timestamp ts) {
      return ts.getTime();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toEpochDay();
    }
    return v;
  }
}
