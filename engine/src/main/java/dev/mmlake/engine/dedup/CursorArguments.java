package dev.mmlake.engine.dedup;

import dev.mmlake.engine.JdbcValues;
import dev.mmlake.engine.sql.SqlParsing;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * {@code CURSOR(query)} arguments of mmlake's table functions. Calcite's enumerable engine does
 * not pass cursors to user table functions, so the session rewrites {@code F(CURSOR(q), ...)} into
 * {@code F('q', ...)} before planning, and the function runs {@code q} on the statement's own
 * connection when it is scanned. Users write the documented CURSOR form.
 */
public final class CursorArguments {
  /** Table functions whose first argument is a cursor. */
  public static final Set<String> FUNCTIONS = Set.of("ANN_DEDUP", "EXACT_DEDUP");

  private CursorArguments() {
  }

  /** Rewrites cursor arguments in place; true when something changed. */
  public static boolean rewrite(SqlNode node) {
    boolean[] changed = {false};
    node.accept(new SqlShuttle() {
      @Override
      public SqlNode visit(SqlCall call) {
        if (FUNCTIONS.contains(call.getOperator().getName().toUpperCase(Locale.ROOT))
            && !call.getOperandList().isEmpty()
            && call.operand(0) != null && call.operand(0).getKind() == SqlKind.CURSOR) {
          SqlNode query = ((SqlCall) call.operand(0)).operand(0);
          query.accept(this);
          call.setOperand(0, SqlLiteral.createCharString(SqlParsing.unparse(query),
              SqlParserPos.ZERO));
          changed[0] = true;
          return call;
        }
        for (SqlNode op : call.getOperandList()) {
          if (op != null) {
            op.accept(this);
          }
        }
        return call;
      }
    });
    return changed[0];
  }

  /** Runs {@code query} on the connection of the running statement; rows in Calcite's form. */
  public static List<Object[]> run(DataContext root, String query) {
    if (!(root.getQueryProvider() instanceof CalciteConnection connection)) {
      throw new IllegalStateException("No connection to run the cursor query on");
    }
    List<Object[]> rows = new ArrayList<>();
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(query)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) {
          Object v = rs.getObject(i + 1);
          if (v instanceof java.sql.Array) {
            v = JdbcValues.toList(v);
          } else if (v instanceof java.sql.Timestamp ts) {
            v = ts.getTime();
          }
          row[i] = v;
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new IllegalArgumentException("The CURSOR query failed: " + e.getMessage(), e);
    }
    return rows;
  }
}
