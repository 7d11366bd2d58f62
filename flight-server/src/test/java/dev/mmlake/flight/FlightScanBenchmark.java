package dev.mmlake.flight;

import dev.mmlake.bench.ScanBenchmark;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Wide full scan (id, source, ~200-char text, score, 384-float vector) through the Flight SQL
 * JDBC driver, once with the plain scan streamed from column batches (the default) and once
 * through the row path ({@code flight.arrow-scan=false}), against the in-process engine
 * ({@code Session.execute}) in the same JVM and run. Prints rows/s, MB/s and the ratios.
 *
 * <p>Usage: {@code FlightScanBenchmark [--rows N] [--dir DIR]}; data in DIR is reused when it has
 * N rows (the same table as {@code mmlake bench scan}).
 */
public final class FlightScanBenchmark {
  private static final TableIdentifier TABLE = ScanBenchmark.TABLE;
  private static final String[] SOURCES = {"web", "books", "news", "code", "forum"};
  private static final String SQL = "SELECT * FROM bench.scan";

  private FlightScanBenchmark() {
  }

  /** Rows and payload bytes read; a checksum keeps the JIT from skipping work. */
  record Drained(long rows, long bytes, long checksum) {
  }

  public static void main(String[] args) throws Exception {
    long rows = 1_000_000;
    Path dir = Path.of("bench-out/scan");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("Usage: FlightScanBenchmark [--rows N] [--dir DIR]");
      }
    }
    Class.forName("org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver");
    try (Engine engine = Engine.open(LakehouseConfig.embedded(dir))) {
      ensureData(engine.lakehouse(), rows);
      try (MmlakeFlightServer server = MmlakeFlightServer.start(engine, ServerConfig.local(0),
               true);
           MmlakeFlightServer rowServer = MmlakeFlightServer.start(engine,
               ServerConfig.local(0), false);
           Session session = engine.newSession("bench");
           Connection jdbc = connect(server);
           Connection rowJdbc = connect(rowServer)) {
        String warm = SQL + " LIMIT " + Math.min(rows, 20_000);
        inProcess(session, warm);
        viaJdbc(jdbc, warm);
        viaJdbc(rowJdbc, warm);
        // two rounds, alternating paths; the second round is reported (JIT and page cache warm)
        Drained local = null;
        Drained fast = null;
        Drained slow = null;
        double localS = 0;
        double fastS = 0;
        double slowS = 0;
        for (int round = 0; round < 2; round++) {
          long t0 = System.nanoTime();
          local = inProcess(session, SQL);
          localS = (System.nanoTime() - t0) / 1e9;
          t0 = System.nanoTime();
          fast = viaJdbc(jdbc, SQL);
          fastS = (System.nanoTime() - t0) / 1e9;
          t0 = System.nanoTime();
          slow = viaJdbc(rowJdbc, SQL);
          slowS = (System.nanoTime() - t0) / 1e9;
        }
        if (!local.equals(fast) || !local.equals(slow)) {
          throw new IllegalStateException("JDBC and in-process results differ: " + local + " vs "
              + fast + " (Arrow scan) vs " + slow + " (row path)");
        }
        System.out.printf("%-26s %10s %12s %10s%n", "path", "seconds", "rows/s", "MB/s");
        report("in-process engine", localS, local);
        report("Flight JDBC, Arrow scan", fastS, fast);
        report("Flight JDBC, row path", slowS, slow);
        System.out.printf("Arrow scan / row path throughput: %.2fx; JDBC (Arrow scan) / in-process: "
            + "%.2fx (target >= 0.5x); server Arrow memory peak %.1f MB%n", slowS / fastS,
            localS / fastS, server.allocator().getPeakMemoryAllocation() / 1e6);
      }
    }
  }

  private static Connection connect(MmlakeFlightServer server) throws SQLException {
    return DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:" + server.port()
        + "?useEncryption=false");
  }

  private static void report(String path, double seconds, Drained d) {
    System.out.printf("%-26s %10.2f %12.0f %10.1f%n", path, seconds, d.rows() / seconds,
        d.bytes() / seconds / 1e6);
  }

  private static Drained inProcess(Session session, String sql) throws SQLException {
    try (StatementResult r = session.execute(sql)) {
      return drain(r.resultSet());
    }
  }

  private static Drained viaJdbc(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return drain(rs);
    }
  }

  /** Reads every column of every row as JDBC objects, counting payload bytes. */
  static Drained drain(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    long rows = 0;
    long bytes = 0;
    long sum = 0;
    while (rs.next()) {
      for (int i = 1; i <= n; i++) {
        Object v = rs.getObject(i);
        if (v instanceof Array a) {
          // qualified: clashes with the imported java.sql.Array
          int len = java.lang.reflect.Array.getLength(a.getArray()); // float[] or Float[]
          bytes += 4L * len;
          sum += len;
        } else if (v instanceof String s) {
          bytes += s.length();
          sum += s.length();
        } else if (v instanceof Number num) {
          bytes += 8;
          sum += num.longValue();
        }
      }
      rows++;
    }
    return new Drained(rows, bytes, sum);
  }

  private static void ensureData(Lakehouse lh, long rows) {
    ScanBenchmark.ensureData(lh, rows, System.out);
  }
}
