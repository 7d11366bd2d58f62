package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plain scans stream Arrow batches filled from the columnar reader's buffers: through the real
 * JDBC driver, every result equals (values, order, column types) what a second server on the
 * same engine sends through the row path ({@code flight.arrow-scan=false}), and the metrics show
 * which queries took the fast path.
 */
class FlightArrowScanTest extends FlightTestBase {
  private static final int BIG_ROWS = 5_000;
  private MmlakeFlightServer rowServer;

  @BeforeAll
  void createTables() throws Exception {
    rowServer = MmlakeFlightServer.start(engine, ServerConfig.local(0), false);
    try (Connection c = connect()) {
      update(c, "CREATE TABLE lake.all_types (id BIGINT NOT NULL, i INTEGER, s VARCHAR, "
          + "d DOUBLE, f REAL, b BOOLEAN, dt DATE, ts TIMESTAMP, raw VARBINARY, v REAL ARRAY, "
          + "ids BIGINT ARRAY, tags VARCHAR ARRAY, amount DECIMAL(10, 2))");
      update(c, "INSERT INTO lake.all_types VALUES "
          + "(1, 7, 'news', 1.5, CAST(0.25 AS REAL), TRUE, DATE '2026-01-02', "
          + "TIMESTAMP '2026-01-02 03:04:05.678', X'CAFE', "
          + "ARRAY[CAST(0.5 AS REAL), CAST(-1.25 AS REAL), CAST(3 AS REAL)], "
          + "ARRAY[1, 2], ARRAY['a', 'b'], 12.34), "
          + "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
          + "(3, -1, 'wéb', CAST('NaN' AS DOUBLE), CAST(-0.5 AS REAL), FALSE, "
          + "DATE '1969-12-31', TIMESTAMP '1969-12-31 23:59:59.999', X'', "
          + "ARRAY[CAST(1 AS REAL)], ARRAY[CAST(-5 AS BIGINT)], ARRAY['x'], -0.01)");
      update(c, "INSERT INTO lake.all_types VALUES (4, 4, '', 4.0, CAST(4 AS REAL), TRUE, "
          + "DATE '2026-12-01', TIMESTAMP '2026-12-01 00:00:00', X'00FF', "
          + "ARRAY(SELECT CAST(1 AS REAL) FROM (VALUES (1)) AS t (x) WHERE x > 1), ARRAY[4], ARRAY['y', 'z'], 4.00)");
      update(c, "CREATE TABLE lake.tz (id BIGINT, seen TIMESTAMP WITH LOCAL TIME ZONE)");
      update(c, "INSERT INTO lake.tz VALUES (1, CAST(TIMESTAMP '2026-01-02 03:04:05.678' AS "
          + "TIMESTAMP WITH LOCAL TIME ZONE)), (2, NULL)");
      update(c, "CREATE TABLE lake.big (id BIGINT, name VARCHAR, score DOUBLE, v REAL ARRAY)");
      StringBuilder fifty = new StringBuilder("(VALUES (0)");
      for (int k = 1; k < 50; k++) {
        fifty.append(", (").append(k).append(')');
      }
      fifty.append(')');
      for (int file = 0; file < 2; file++) { // two data files of 2,500 rows
        update(c, "INSERT INTO lake.big SELECT id, CASE WHEN MOD(id, 7) = 0 THEN NULL "
            + "ELSE 'name-' || CAST(id AS VARCHAR) END, id * 0.5, "
            + "ARRAY[CAST(id AS REAL), CAST(-id AS REAL)] FROM (SELECT a.x * 50 + b.x + "
            + file * (BIG_ROWS / 2) + " AS id FROM " + fifty + " AS a (x) CROSS JOIN " + fifty
            + " AS b (x))");
      }
    }
  }

  @AfterAll
  void stopRowServer() {
    if (rowServer != null) {
      rowServer.close();
    }
  }

  private Connection connectRowPath() throws SQLException {
    return DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:" + rowServer.port()
        + "?useEncryption=false", new Properties());
  }

  /** The rows (binary as hex, arrays as lists) and the column types a query returns. */
  private record Result(List<String> types, List<List<Object>> rows) {
  }

  private static Result result(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> types = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        types.add(md.getColumnLabel(i) + " " + md.getColumnType(i) + " " + md.getColumnTypeName(i)
            + " " + md.getPrecision(i) + "," + md.getScale(i) + " " + md.isNullable(i));
      }
      List<List<Object>> rows = drain(rs).stream().map(r -> r.stream()
          .map(v -> v instanceof byte[] b ? (Object) ("0x" + HexFormat.of().formatHex(b)) : v)
          .toList()).toList();
      return new Result(types, rows);
    }
  }

  /** Runs {@code sql} on both paths; returns the fast path's rows after comparing them. */
  private List<List<Object>> assertSameOnBothPaths(String sql, boolean plain) throws Exception {
    long before = server.metrics().arrowScans();
    Result fast;
    Result slow;
    try (Connection c = connect(); Connection r = connectRowPath()) {
      fast = result(c, sql);
      slow = result(r, sql);
    }
    assertThat(fast.types()).as(sql).isEqualTo(slow.types());
    assertThat(fast.rows()).as(sql).isEqualTo(slow.rows());
    assertThat(server.metrics().arrowScans() - before).as("fast path taken by " + sql)
        .isEqualTo(plain ? 1 : 0);
    assertThat(rowServer.metrics().arrowScans()).isZero();
    return fast.rows();
  }

  @Test
  void everyTypeAndNullStreamsAsTheRowPathDoes() throws Exception {
    List<List<Object>> rows = assertSameOnBothPaths("SELECT * FROM lake.all_types", true);
    assertThat(rows).hasSize(4);
    assertThat(rows).extracting(r -> r.get(0)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(rows.get(0).get(2)).isEqualTo("news");
    assertThat(rows.get(0).get(9)).isEqualTo(List.of(0.5f, -1.25f, 3.0f));
    assertThat(rows.get(1).subList(1, 13)).containsOnlyNulls();
    assertThat(rows.get(2).get(2)).isEqualTo("wéb");
    assertThat(rows.get(3).get(9)).isEqualTo(List.of()); // an empty list is not null
    assertThat(rows.get(3).get(8)).isEqualTo("0x00ff");
    assertThat(assertSameOnBothPaths("SELECT seen, id FROM lake.tz", true)).hasSize(2);
  }

  @Test
  void projectionsAndLimitsStreamAsTheRowPathDoes() throws Exception {
    assertSameOnBothPaths("SELECT v, id, s FROM lake.all_types", true);
    assertSameOnBothPaths("SELECT id AS k, id, ts, dt, amount FROM lake.all_types", true);
    assertSameOnBothPaths("SELECT * FROM lake.all_types LIMIT 2", true);
    // Calcite plans LIMIT 0 as an empty VALUES: no scan at all
    assertSameOnBothPaths("SELECT * FROM lake.all_types LIMIT 0", false);
    List<List<Object>> big = assertSameOnBothPaths("SELECT * FROM lake.big", true);
    assertThat(big).hasSize(BIG_ROWS);
    assertThat(big).extracting(r -> r.get(0)).doesNotHaveDuplicates();
    assertThat(assertSameOnBothPaths("SELECT name, id FROM lake.big OFFSET 4000 ROWS "
        + "FETCH NEXT 900 ROWS ONLY", true)).hasSize(900);
    assertThat(assertSameOnBothPaths("SELECT id FROM lake.big LIMIT 4100", true)).hasSize(4100);
  }

  @Test
  void exactFiltersStreamAsTheRowPathDoes() throws Exception {
    assertThat(assertSameOnBothPaths("SELECT id, s FROM lake.all_types WHERE s = 'news'", true))
        .containsExactly(List.of(1L, "news"));
    assertSameOnBothPaths("SELECT id, s FROM lake.all_types WHERE s <> 'news'", true);
    assertSameOnBothPaths("SELECT id FROM lake.all_types WHERE s = 'news '", true);
    assertSameOnBothPaths("SELECT id FROM lake.all_types WHERE s = 'wéb' OR i IS NULL", true);
    assertSameOnBothPaths("SELECT id, b FROM lake.all_types WHERE i IS NOT NULL AND b", true);
    assertSameOnBothPaths("SELECT id FROM lake.all_types WHERE dt < DATE '2000-01-01'", true);
    assertSameOnBothPaths("SELECT id, ts FROM lake.all_types "
        + "WHERE ts >= TIMESTAMP '2026-01-02 03:04:05.678'", true);
    assertThat(assertSameOnBothPaths("SELECT id FROM lake.big WHERE id > 4990", true))
        .hasSize(9);
    assertThat(assertSameOnBothPaths("SELECT name, v FROM lake.big "
        + "WHERE id BETWEEN 10 AND 20 OR id IN (4000, 4001, 4002)", true)).hasSize(14);
    assertThat(assertSameOnBothPaths("SELECT id FROM lake.big WHERE name <> 'name-1' "
        + "AND id < 3000 OFFSET 5 ROWS FETCH NEXT 2000 ROWS ONLY", true)).hasSize(2000);
    assertSameOnBothPaths("SELECT id FROM lake.big WHERE id = 2500 AND name IS NULL", true);
  }

  @Test
  void otherQueriesStillTakeTheRowPath() throws Exception {
    assertSameOnBothPaths("SELECT id FROM lake.all_types WHERE d > 1", false);
    assertSameOnBothPaths("SELECT id FROM lake.all_types WHERE NOT b", false);
    assertSameOnBothPaths("SELECT id FROM lake.all_types WHERE UPPER(s) = 'NEWS'", false);
    assertSameOnBothPaths("SELECT id FROM (SELECT * FROM lake.big LIMIT 10) WHERE id > 5", false);
    assertSameOnBothPaths("SELECT COUNT(*), SUM(score) FROM lake.big", false);
    assertSameOnBothPaths("SELECT s, COUNT(*) FROM lake.all_types GROUP BY s ORDER BY s", false);
    assertSameOnBothPaths("SELECT id FROM lake.big ORDER BY id DESC LIMIT 5", false);
    assertSameOnBothPaths("SELECT a.id, b.name FROM lake.all_types a JOIN lake.big b "
        + "ON a.id = b.id ORDER BY a.id", false);
    assertSameOnBothPaths("SELECT id + 1 FROM lake.all_types", false);
  }

  @Test
  void theRunIsRecordedWithTheRowsRead() throws Exception {
    try (Connection c = connect(); Connection r = connectRowPath()) {
      assertThat(rows(c, "SELECT id FROM lake.big /* fast */")).hasSize(BIG_ROWS);
      assertThat(rows(r, "SELECT id FROM lake.big /* rows */")).hasSize(BIG_ROWS);
      List<List<Object>> runs = rows(c, "SELECT statement_text, rows_read, status FROM obs.runs "
          + "WHERE statement_text LIKE 'SELECT id FROM lake.big /*%' ORDER BY statement_text");
      assertThat(runs).containsExactly(
          List.of("SELECT id FROM lake.big /* fast */", (long) BIG_ROWS, "ok"),
          List.of("SELECT id FROM lake.big /* rows */", (long) BIG_ROWS, "ok"));
    }
  }

  @Test
  void theServersRowLimitHoldsForPlainScans() throws Exception {
    try (MmlakeFlightServer limited = MmlakeFlightServer.start(engine,
             ServerConfig.local(0).withLimits(100, Duration.ZERO), true);
         Connection c = DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:"
             + limited.port() + "?useEncryption=false", new Properties())) {
      assertThat(rows(c, "SELECT id FROM lake.big LIMIT 100")).hasSize(100);
      assertThatThrownBy(() -> rows(c, "SELECT id FROM lake.big"))
          .hasMessageContaining("more than 100 rows");
      assertThat(limited.metrics().arrowScans()).isEqualTo(2);
    }
  }

  @Test
  void preparedPlainScansRunRepeatedly() throws Exception {
    long before = server.metrics().arrowScans();
    try (Connection c = connect();
         var ps = c.prepareStatement("SELECT id, name FROM lake.big LIMIT 3")) {
      for (int i = 0; i < 2; i++) {
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(drain(rs)).hasSize(3);
        }
      }
    }
    assertThat(server.metrics().arrowScans() - before).isEqualTo(2);
  }
}
