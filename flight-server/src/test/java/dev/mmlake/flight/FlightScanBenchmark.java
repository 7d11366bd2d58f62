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
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
  private static final String NARROW = "SELECT id, score FROM bench.scan WHERE source = 'news'";

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
        compare("full scan: " + SQL, SQL, session, jdbc, rowJdbc);
        compare("narrow filter: " + NARROW, NARROW, session, jdbc, rowJdbc);
        streamOnly(SQL, server, rowServer);
        streamOnly(NARROW, server, rowServer);
        System.out.printf("server Arrow memory peak %.1f MB%n",
            server.allocator().getPeakMemoryAllocation() / 1e6);
      }
    }
  }

  /**
   * Runs {@code sql} in-process, as an Arrow scan and through the row path in two alternating
   * rounds, checks the results agree and reports the second round (JIT and page cache warm).
   */
  private static void compare(String label, String sql, Session session, Connection jdbc,
      Connection rowJdbc) throws SQLException {
    Drained local = null;
    Drained fast = null;
    Drained slow = null;
    double localS = 0;
    double fastS = 0;
    double slowS = 0;
    for (int round = 0; round < 2; round++) {
      long t0 = System.nanoTime();
      local = inProcess(session, sql);
      localS = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      fast = viaJdbc(jdbc, sql);
      fastS = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      slow = viaJdbc(rowJdbc, sql);
      slowS = (System.nanoTime() - t0) / 1e9;
    }
    if (!local.equals(fast) || !local.equals(slow)) {
      throw new IllegalStateException("JDBC and in-process results differ: " + local + " vs "
          + fast + " (Arrow scan) vs " + slow + " (row path)");
    }
    System.out.println(label);
    System.out.printf("%-26s %10s %12s %10s%n", "path", "seconds", "rows/s", "MB/s");
    report("in-process engine", localS, local);
    report("Flight JDBC, Arrow scan", fastS, fast);
    report("Flight JDBC, row path", slowS, slow);
    System.out.printf("Arrow scan / row path throughput: %.2fx; JDBC (Arrow scan) / in-process: "
        + "%.2fx (target >= 0.5x)%n", slowS / fastS, localS / fastS);
  }

  /**
   * The server's side alone: a Flight SQL client that only counts the rows of the Arrow batches
   * it receives (no JDBC values), against the Arrow-scan and the row-path server.
   */
  private static void streamOnly(String sql, MmlakeFlightServer server,
      MmlakeFlightServer rowServer) throws Exception {
    double fastS = 0;
    double slowS = 0;
    long rows = 0;
    // three alternating rounds; the first warms up, the mean of the other two is reported
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      rows = stream(server, sql);
      fastS += round == 0 ? 0 : (System.nanoTime() - t0) / 1e9 / 2;
      t0 = System.nanoTime();
      long slowRows = stream(rowServer, sql);
      slowS += round == 0 ? 0 : (System.nanoTime() - t0) / 1e9 / 2;
      if (slowRows != rows) {
        throw new IllegalStateException(rows + " rows (Arrow scan) vs " + slowRows);
      }
    }
    System.out.printf("Arrow batches only (Flight SQL client, no JDBC decoding), %s:%n"
        + "  Arrow scan %.2f s (%.0f rows/s), row path %.2f s (%.0f rows/s): %.2fx%n", sql,
        fastS, rows / fastS, slowS, rows / slowS, slowS / fastS);
  }

  private static long stream(MmlakeFlightServer server, String sql) throws Exception {
    long rows = 0;
    try (BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
         FlightClient client = FlightClient.builder(allocator,
             Location.forGrpcInsecure("127.0.0.1", server.port())).build()) {
      FlightSqlClient flightSql = new FlightSqlClient(client);
      FlightInfo info = flightSql.execute(sql);
      try (FlightStream stream = flightSql.getStream(info.getEndpoints().get(0).getTicket())) {
        while (stream.next()) {
          rows += stream.getRoot().getRowCount();
        }
      }
    }
    return rows;
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
