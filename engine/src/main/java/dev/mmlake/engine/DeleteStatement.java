package dev.mmlake.engine;

import dev.mmlake.catalog.TableAppender;
import dev.mmlake.engine.iceberg.GenericFileRowReader;
import dev.mmlake.engine.iceberg.IcebergTable;
import dev.mmlake.engine.sql.SqlParsing;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * {@code DELETE FROM t [WHERE cond]} as copy-on-write per data file. A count of the matching rows
 * plans the table scan with the condition pushed into Iceberg, so only files whose statistics
 * allow a match are candidates. Each candidate is then read twice in the same order: through SQL
 * for the condition ({@code cond IS TRUE} per row) and through Iceberg's generic reader for the
 * rows themselves. Files with a matching row are rewritten from the Iceberg records of the rows
 * that stay, so kept rows are unchanged to the bit (microsecond timestamps, columns added by
 * schema evolution, nulls); every other file is left alone. One overwrite snapshot swaps the
 * rewritten files. Earlier snapshots (and the versions tagged on them) keep every row. A concurrent
 * write to the table makes the delete fail without changing anything.
 */
final class DeleteStatement {
  /** Columns compared between the SQL and Iceberg reads of a file to prove they are aligned. */
  private static final int CHECK_COLUMNS = 3;

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
    IcebergTable atBase = new IcebergTable(session.lakehouse(), id, table, base.snapshotId(),
        session.scopes());
    String prefix = id.name() + "@" + base.snapshotId() + "#delete-";
    String ns = id.namespace().toString();

    // 1. Count matching rows; the scan records the files it planned (pruned by statistics).
    Map<String, FileScanTask> candidates = new LinkedHashMap<>();
    run.mounts().mountTable(ns, prefix + "probe", atBase.withFileFilter(t -> {
      candidates.putIfAbsent(t.file().location(), t);
      return true;
    }));
    long matched = count(sql, fresh(delete, sql), List.of(ns, prefix + "probe"));
    if (matched == 0) {
      return 0;
    }

    // 2. Rewrite each candidate file that holds a matching row.
    Schema schema = table.schema();
    List<Types.NestedField> checked = checkColumns(schema);
    List<DataFile> removed = new ArrayList<>();
    long deleted = 0;
    int n = 0;
    try (TableAppender out = session.lakehouse().appender(table)) {
      for (String location : candidates.keySet()) {
        String name1 = prefix + "file" + n++;
        FileScanTask[] read = new FileScanTask[1];
        Predicate<FileScanTask> only = t -> {
          boolean same = t.file().location().equals(location);
          if (same) {
            read[0] = t;
          }
          return same;
        };
        run.mounts().mountTable(ns, name1, atBase.withFileFilter(only));
        long fileDeleted = rewrite(sql, fresh(delete, sql), List.of(ns, name1), read, table,
            schema, checked, out);
        if (fileDeleted > 0) {
          removed.add(read[0].file());
          deleted += fileDeleted;
        }
      }
      if (deleted != matched) {
        throw new SqlStatementException(ErrorCode.INTERNAL, "DELETE on " + id + " found "
            + matched + " matching rows but " + deleted + " in the files it rewrites; nothing "
            + "was changed. Report this with the statement");
      }
      run.addSnapshot(out.commitReplacing(removed, base.snapshotId()));
      run.addRowsWritten(out.rows());
      return deleted;
    }
  }

  /** {@code SELECT COUNT(*) FROM from [alias] WHERE cond}. */
  private long count(String sql, SqlDelete delete, List<String> from) throws SQLException {
    SqlParserPos pos = delete.getParserPosition();
    SqlNode countStar = SqlStdOperatorTable.COUNT.createCall(pos, SqlIdentifier.star(pos));
    SqlSelect select = new SqlSelect(pos, null, SqlNodeList.of(countStar), source(delete, from),
        delete.getCondition(), null, null, null, null, null, null, null);
    try (Statement st = session.connection().createStatement();
         ResultSet rs = session.executeQuery(st, sql, select)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /**
   * Streams one file through SQL ({@code cond IS TRUE} and a few columns per row) and through
   * Iceberg's reader side by side, adding the rows that stay to {@code out}.
   *
   * @return the rows deleted from the file; 0 when none matched (nothing is added to {@code out}
   *     and the file stays as it is)
   */
  private long rewrite(String sql, SqlDelete delete, List<String> from, FileScanTask[] task,
      Table table, Schema schema, List<Types.NestedField> checked, TableAppender out)
      throws SQLException {
    SqlParserPos pos = delete.getParserPosition();
    SqlNode matches = delete.getCondition() == null ? SqlLiteral.createBoolean(true, pos)
        : SqlStdOperatorTable.IS_TRUE.createCall(pos, delete.getCondition());
    List<SqlNode> select = new ArrayList<>();
    select.add(matches);
    for (Types.NestedField f : checked) {
      select.add(delete.getAlias() == null ? new SqlIdentifier(f.name(), pos)
          : new SqlIdentifier(List.of(delete.getAlias().getSimple(), f.name()), pos));
    }
    SqlSelect query = new SqlSelect(pos, null, SqlNodeList.of(pos, select),
        source(delete, from), null, null, null, null, null, null, null, null);
    List<Boolean> flags = new ArrayList<>();
    List<Object[]> keys = new ArrayList<>();
    try (Statement st = session.connection().createStatement();
         ResultSet rs = session.executeQuery(st, sql, query)) {
      while (rs.next()) {
        flags.add(rs.getBoolean(1));
        Object[] key = new Object[checked.size()];
        for (int i = 0; i < key.length; i++) {
          key[i] = rs.getObject(i + 2);
        }
        keys.add(key);
      }
    }
    if (!flags.contains(Boolean.TRUE)) {
      return 0;
    }
    long deleted = 0;
    int row = 0;
    try (CloseableIterable<Record> records =
        GenericFileRowReader.INSTANCE.open(table, task[0], schema)) {
      Iterator<Record> it = records.iterator();
      for (; it.hasNext(); row++) {
        Record r = it.next();
        if (row >= flags.size() || !sameKey(r, checked, keys.get(row))) {
          throw misaligned(table, task[0]);
        }
        if (flags.get(row)) {
          deleted++;
        } else {
          out.add(r);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (row != flags.size()) {
      throw misaligned(table, task[0]);
    }
    return deleted;
  }

  private static SqlStatementException misaligned(Table table, FileScanTask task) {
    return new SqlStatementException(ErrorCode.INTERNAL, "DELETE on " + table.name()
        + " read the rows of " + task.file().location() + " in different orders through SQL "
        + "and through Iceberg; nothing was changed. Report this with the statement");
  }

  private static boolean sameKey(Record r, List<Types.NestedField> checked, Object[] key) {
    for (int i = 0; i < key.length; i++) {
      if (!Objects.equals(r.getField(checked.get(i).name()), key[i])) {
        return false;
      }
    }
    return true;
  }

  /** Up to {@link #CHECK_COLUMNS} columns whose JDBC and Iceberg values compare directly. */
  private static List<Types.NestedField> checkColumns(Schema schema) {
    List<Types.NestedField> out = new ArrayList<>();
    for (Types.NestedField f : schema.columns()) {
      Type.TypeID t = f.type().typeId();
      if (out.size() < CHECK_COLUMNS && (t == Type.TypeID.INTEGER || t == Type.TypeID.LONG
          || t == Type.TypeID.STRING || t == Type.TypeID.BOOLEAN)) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * A new parse of the DELETE for each query built from it: validation rewrites parse trees in
   * place, so one tree must not be validated twice. Positions stay those of the user's text.
   */
  private static SqlDelete fresh(SqlDelete parsed, String sql) {
    try {
      return SqlParsing.parse(sql) instanceof SqlDelete d ? d : parsed;
    } catch (SqlParseException e) {
      return parsed;
    }
  }

  private static SqlNode source(SqlDelete delete, List<String> from) {
    SqlParserPos pos = delete.getParserPosition();
    SqlNode table = new SqlIdentifier(from, pos);
    return delete.getAlias() == null ? table
        : SqlStdOperatorTable.AS.createCall(pos, table, delete.getAlias());
  }
}
