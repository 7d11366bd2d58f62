package dev.mmlake.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * JDBC clients of a Flight SQL server, as a BI tool runs them: each client opens its own
 * connection through the Arrow Flight SQL JDBC driver and, per round, runs two queries (a count of
 * {@code lake.items}, a GROUP BY over {@code lake.bench_rows}) and one single-row INSERT into
 * {@link #TABLE}. Used by {@code mmlake bench concurrency} and the Flight concurrency test.
 */
public final class JdbcClients {
  /** The table the clients insert into: (client INTEGER, n INTEGER). */
  public static final String TABLE = "lake.client_rows";

  /** The DDL of {@link #TABLE}. */
  public static final String CREATE_TABLE = "CREATE TABLE " + TABLE
      + " (client INTEGER, n INTEGER)";

  private static final String DRIVER = "org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver";

  private final String url;
  private final AtomicLong inserted = new AtomicLong();

  /**
   * What the clients of one {@link #run} did.
   *
   * @param queriesOk queries answered in full
   * @param insertsOk INSERTs that succeeded
   * @param queriesFailed queries that failed other than as busy
   * @param busy statements refused as busy after their retries
   * @param failures messages of statements that failed otherwise (must be none)
   * @param queryNanos the latency of every query answered, sorted
   */
  public record Stats(long queriesOk, long queriesFailed, long insertsOk, long busy, List<String> failures,
      long[] queryNanos) {
    public Stats {
      failures = List.copyOf(failures);
    }

    /** The {@code p} quantile (0..1] of query latency in milliseconds. */
    public double queryMillis(double p) {
      return ConcurrencyBenchmark.percentile(queryNanos, p) / 1e6;
    }
  }

  /** Clients of the server at {@code url} ({@code jdbc:arrow-flight-sql://...}). */
  public JdbcClients(String url) {
    try {
      Class.forName(DRIVER);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("The Arrow Flight SQL JDBC driver (" + DRIVER + ") is not "
          + "on the classpath; run the benchmark through ./mmlake", e);
    }
    this.url = url;
  }

  /** A new connection, as the clients open theirs. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, new Properties());
  }

  /** Rows the clients' INSERTs added to {@link #TABLE} over every run so far. */
  public long inserted() {
    return inserted.get();
  }

  /**
   * Runs {@code clients} clients at once, each for at least {@code rounds} rounds and then for as
   * long as {@code more} says; returns when all are done.
   */
  public Stats run(int clients, int rounds, BooleanSupplier more) throws Exception {
    List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicLong queries = new AtomicLong();
    AtomicLong queryFailures = new AtomicLong();
    AtomicLong inserts = new AtomicLong();
    AtomicLong busy = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        done.add(pool.submit(() -> {
          client(client, rounds, more, nanos, failures, queries, queryFailures, inserts, busy);
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Stats(queries.get(), queryFailures.get(), inserts.get(), busy.get(), failures, sorted);
  }

  private void client(int client, int rounds, BooleanSupplier more, List<Long> nanos,
      List<String> failures, AtomicLong queries, AtomicLong queryFailures, AtomicLong inserts,
      AtomicLong busy) {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      for (int n = 0; n < rounds || more.getAsBoolean(); n++) {
        for (String sql : List.of("SELECT COUNT(*) FROM lake.items",
            "SELECT writer, COUNT(*) FROM " + ConcurrentWriter.ROWS_TABLE + " GROUP BY writer")) {
          long start = System.nanoTime();
          try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
              rs.getObject(1);
            }
            nanos.add(System.nanoTime() - start);
            queries.incrementAndGet();
          } catch (SQLException e) {
            if (!refused(e, sql, busy, failures)) {
              queryFailures.incrementAndGet();
            }
          }
        }
        String insert = "INSERT INTO " + TABLE + " VALUES (" + client + ", " + n + ")";
        try {
          st.executeUpdate(insert);
          inserts.incrementAndGet();
          inserted.incrementAndGet();
        } catch (SQLException e) {
          refused(e, insert, busy, failures);
        }
      }
    } catch (SQLException e) {
      failures.add("client " + client + " could not connect: " + e.getMessage());
    }
  }

  /** Counts a refused statement; true when it was refused as busy. */
  private static boolean refused(SQLException e, String sql, AtomicLong busy,
      List<String> failures) {
    String message = String.valueOf(e.getMessage());
    if (message.toLowerCase(Locale.ROOT).contains("lakehouse busy")) {
      busy.incrementAndGet();
      return true;
    }
    failures.add(sql + ": " + message);
    return false;
  }
}
