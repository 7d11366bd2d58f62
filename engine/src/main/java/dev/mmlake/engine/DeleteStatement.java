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
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * allow a match are candidates. One SQL query then streams {@code cond IS TRUE} for every row of
 * the candidates while Iceberg's generic reader reads the same files in the same order (checked
 * on a few columns). Files with a matching row are read again and rewritten from the Iceberg
 * records of the rows that stay, so kept rows are unchanged to the bit (microsecond timestamps,
 * columns added by schema evolution, nulls); every other file is left alone. One overwrite snapshot swaps the
 * rewritten files. Earlier snapshots (and the versions tagged on them) keep every row. A concurrent
 * write to the table makes the delete fail without changing anything.
 */
final class DeleteStatement {
  /** Columns compared between the SQL and Iceberg reads of a file to prove they are aligned. */
  private static final int CHECK_COLUMNS = 3;
  private static final GenericFileRowReader READER = GenericFileRowReader.INSTANCE;

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

    // 2. One pass over the candidates: SQL says which rows match, Iceberg's reader gives the rows.
    Schema schema = table.schema();
    List<Types.NestedField> checked = checkColumns(schema);
    Map<String, FileScanTask> order = new LinkedHashMap<>();
    run.mounts().mountTable(ns, prefix + "files", atBase.withFileFilter(t -> {
      boolean candidate = candidates.containsKey(t.file().location());
      if (candidate) {
        order.putIfAbsent(t.file().location(), t);
      }
      return candidate;
    }));
    List<DataFile> removed = new ArrayList<>();
    long deleted = 0;
    try (TableAppender out = session.lakehouse().appender(table);
         Statement st = session.connection().createStatement();
         ResultSet rs = session.executeQuery(st, sql,
             flagsQuery(fresh(delete, sql), List.of(ns, prefix + "files"), checked))) {
      boolean more = rs.next(); // the scan has planned its files (in read order) by now
      for (FileScanTask task : List.copyOf(order.values())) {
        BitSet hits = new BitSet();
        int row = 0;
        try (CloseableIterable<Record> records = READER.open(table, task, schema)) {
          for (Record r : records) {
            if (!more || !sameKey(r, checked, rs)) {
              throw misaligned(table, task);
            }
            if (rs.getBoolean(1)) {
              hits.set(row);
            }
            row++;
            more = rs.next();
          }
        }
        if (!hits.isEmpty()) {
          deleted += hits.cardinality();
          removed.add(task.file());
          keep(table, task, schema, hits, out);
        }
      }
      if (more || deleted != matched) {
        throw new SqlStatementException(ErrorCode.INTERNAL, "DELETE on " + id + " counted "
            + matched + " matching rows but found " + deleted + " in the files it read; nothing "
            + "was changed. Report this with the statement");
      }
      run.addSnapshot(out.commitReplacing(removed, base.snapshotId()));
      run.addRowsWritten(out.rows());
      return deleted;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
   * {@code SELECT cond IS TRUE, <checked columns> FROM from [alias]}: whether each row matches,
   * in the scan's order, with a few columns to prove the Iceberg read is aligned with it.
   */
  private static SqlSelect flagsQuery(SqlDelete delete, List<String> from,
      List<Types.NestedField> checked) {
    SqlParserPos pos = delete.getParserPosition();
    List<SqlNode> select = new ArrayList<>();
    select.add(delete.getCondition() == null ? SqlLiteral.createBoolean(true, pos)
        : SqlStdOperatorTable.IS_TRUE.createCall(pos, delete.getCondition()));
    for (Types.NestedField f : checked) {
      select.add(delete.getAlias() == null ? new SqlIdentifier(f.name(), pos)
          : new SqlIdentifier(List.of(delete.getAlias().getSimple(), f.name()), pos));
    }
    return new SqlSelect(pos, null, SqlNodeList.of(pos, select), source(delete, from), null,
        null, null, null, null, null, null, null);
  }

  /** Adds the rows of {@code task} that are not in {@code deleted} to {@code out}, unchanged. */
  private static void keep(Table table, FileScanTask task, Schema schema, BitSet deleted,
      TableAppender out) throws IOException {
    int row = 0;
    try (CloseableIterable<Record> records = READER.open(table, task, schema)) {
      for (Record r : records) {
        if (!deleted.get(row++)) {
          out.add(r);
        }
      }
    }
  }

  private static SqlStatementException misaligned(Table table, FileScanTask task) {
    return new SqlStatementException(ErrorCode.INTERNAL, "DELETE on " + table.name()
        + " read the rows of " + task.file().location() + " in different orders through SQL "
        + "and through Iceberg; nothing was changed. Report this with the statement");
  }

  private static boolean sameKey(Record r, List<Types.NestedField> checked, ResultSet rs)
      throws SQLException {
    for (int i = 0; i < checked.size(); i++) {
      if (!Objects.equals(r.getField(checked.get(i).name()), rs.getObject(i + 2))) {
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
