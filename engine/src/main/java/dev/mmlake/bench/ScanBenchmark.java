package dev.mmlake.bench;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * Three query shapes on a generated table (id, source with 5 values, ~200-char text, score,
 * 384-float vector), each run through the mmlake engine, a plain Iceberg generic read, and DuckDB
 * reading the same Parquet files, in one process. Every shape first runs untimed on every path,
 * again and again until {@code warmupSeconds} have passed on that path (at least once): class
 * loading, the JIT (the JVM compiles the engine's hot paths over hundreds of executions; DuckDB is
 * native code and needs none), the page cache, mmlake's plan cache. Then {@code runs} timed
 * rounds alternate the three paths; prints the median of each path's rounds as rows/s and the
 * ratios, and the first (cold) run of each path.
 */
public final class ScanBenchmark {
  public static final TableIdentifier TABLE = TableIdentifier.of("bench", "scan");
  private static final String[] SOURCES = {"web", "books", "news", "code", "forum"};

  private final Path home;
  private final long rows;
  private final int runs;
  private final double warmupSeconds;
  private final PrintStream out;

  public ScanBenchmark(Path home, long rows, int runs, double warmupSeconds, PrintStream out) {
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be >= 1, got " + runs);
    }
    if (warmupSeconds < 0) {
      throw new IllegalArgumentException("warm-up seconds must be >= 0, got " + warmupSeconds);
    }
    this.home = home;
    this.rows = rows;
    this.runs = runs;
    this.warmupSeconds = warmupSeconds;
    this.out = out;
  }

  /** A measured run of one shape on one path. */
  record Timing(String shape, String path, double seconds, long rowsOut, long checksum) {
  }

  public List<Timing> run() throws SQLException {
    List<Timing> timings = new ArrayList<>();
    List<Timing> firstRuns = new ArrayList<>();
    try (Engine engine = Engine.open(LakehouseConfig.embedded(home))) {
      Table table = ensureData(engine.lakehouse(), rows, out);
      List<String> files = dataFiles(table);
      try (Session session = engine.newSession("bench");
           Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
        String parquet = files.stream().map(f -> "'" + f.replace("'", "''") + "'")
            .collect(Collectors.joining(", ", "read_parquet([", "])"));
        String[][] shapes = {
            {"full scan", "SELECT * FROM bench.scan", "SELECT * FROM " + parquet},
            {"narrow filter", "SELECT id, score FROM bench.scan WHERE source = 'news'",
                "SELECT id, score FROM " + parquet + " WHERE source = 'news'"},
            {"group by", "SELECT source, COUNT(*), AVG(score) FROM bench.scan GROUP BY source",
                "SELECT source, COUNT(*), AVG(score) FROM " + parquet + " GROUP BY source"}};
        out.printf("warm-up: each shape on each path until %.0f s have passed (at least once)%n",
            warmupSeconds);
        for (String[] s : shapes) {
          firstRuns.add(warmUp(s[0], "mmlake", () -> engineQuery(session, s[1])));
          firstRuns.add(warmUp(s[0], "iceberg-generic", () -> icebergGeneric(table, s[0])));
          firstRuns.add(warmUp(s[0], "duckdb", () -> duckQuery(duck, s[2])));
        }
        for (int round = 1; round <= runs; round++) {
          out.println("round " + round + " of " + runs);
          for (String[] s : shapes) {
            timings.add(time(s[0], "mmlake", () -> engineQuery(session, s[1])));
            timings.add(time(s[0], "iceberg-generic", () -> icebergGeneric(table, s[0])));
            timings.add(time(s[0], "duckdb", () -> duckQuery(duck, s[2])));
          }
        }
      }
    }
    report(timings);
    out.println("first runs (cold: mmlake plans each query, nothing is JIT-compiled yet):");
    for (String shape : new String[] {"full scan", "narrow filter", "group by"}) {
      Timing m = find(firstRuns, shape, "mmlake");
      Timing d = find(firstRuns, shape, "duckdb");
      out.printf("  %-14s mmlake %8.3f s  duckdb %8.3f s  duck/mmlake %6.2fx%n", shape,
          m.seconds(), d.seconds(), m.seconds() / d.seconds());
    }
    return timings;
  }

  private interface Work {
    long[] run() throws Exception;
  }

  /** Runs {@code w} until the warm-up time has passed (at least once); returns the first run. */
  private Timing warmUp(String shape, String path, Work w) {
    long start = System.nanoTime();
    Timing first = time(shape, path, w);
    int n = 1;
    while ((System.nanoTime() - start) / 1e9 < warmupSeconds) {
      runQuietly(shape, path, w);
      n++;
    }
    out.printf("  %-14s %-16s warmed up with %d runs%n", shape, path, n);
    return first;
  }

  private static void runQuietly(String shape, String path, Work w) {
    try {
      w.run();
    } catch (Exception e) {
      throw new IllegalStateException(shape + " via " + path + " failed: " + e.getMessage(), e);
    }
  }

  private Timing time(String shape, String path, Work w) {
    long t0 = System.nanoTime();
    long[] r;
    try {
      r = w.run();
    } catch (Exception e) {
      throw new IllegalStateException(shape + " via " + path + " failed: " + e.getMessage(), e);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    out.printf("  %-14s %-16s %8.3f s  %9d rows out%n", shape, path, s, r[0]);
    return new Timing(shape, path, s, r[0], r[1]);
  }

  private long[] engineQuery(Session session, String sql) throws SQLException {
    try (StatementResult r = session.execute(sql)) {
      return drain(r.resultSet());
    }
  }

  private static long[] duckQuery(Connection duck, String sql) throws SQLException {
    try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return drain(rs);
    }
  }

  /** Reads every column of every row; returns {rows, a checksum that keeps the JIT honest}. */
  private static long[] drain(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    long count = 0;
    long sum = 0;
    while (rs.next()) {
      for (int i = 1; i <= n; i++) {
        Object v = rs.getObject(i);
        if (v instanceof Array a) {
          // qualified: clashes with the imported java.sql.Array
          sum += java.lang.reflect.Array.getLength(a.getArray());
        } else if (v != null) {
          sum += v.hashCode();
        }
      }
      count++;
    }
    return new long[] {count, sum};
  }

  private static long[] icebergGeneric(Table table, String shape) throws IOException {
    long count = 0;
    long sum = 0;
    switch (shape) {
      case "full scan" -> {
        try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
          for (Record r : it) {
            for (int i = 0; i < r.size(); i++) {
              Object v = r.get(i);
              sum += v instanceof List<?> l ? l.size() : v == null ? 0 : v.hashCode();
            }
            count++;
          }
        }
      }
      case "narrow filter" -> {
        try (CloseableIterable<Record> it = IcebergGenerics.read(table).select("id", "score",
            "source").where(Expressions.equal("source", "news")).build()) {
          for (Record r : it) {
            sum += r.getField("id").hashCode();
            count++;
          }
        }
      }
      default -> {
        Map<String, double[]> agg = new HashMap<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(table).select("source", "score")
            .build()) {
          for (Record r : it) {
            double[] a = agg.computeIfAbsent((String) r.getField("source"), k -> new double[2]);
            a[0]++;
            a[1] += (Double) r.getField("score");
          }
        }
        count = agg.size();
        sum = agg.values().stream().mapToLong(a -> (long) a[0]).sum();
      }
    }
    return new long[] {count, sum};
  }

  private void report(List<Timing> timings) {
    out.println();
    out.printf("median of %d rounds%n", runs);
    out.printf("%-14s %14s %14s %14s %12s %12s%n", "shape", "mmlake rows/s", "iceberg rows/s",
        "duckdb rows/s", "duck/mmlake", "ice/mmlake");
    for (String shape : new String[] {"full scan", "narrow filter", "group by"}) {
      Timing m = find(timings, shape, "mmlake");
      Timing i = find(timings, shape, "iceberg-generic");
      Timing d = find(timings, shape, "duckdb");
      out.printf("%-14s %14.0f %14.0f %14.0f %11.2fx %11.2fx%n", shape, rows / m.seconds(),
          rows / i.seconds(), rows / d.seconds(), m.seconds() / d.seconds(),
          m.seconds() / i.seconds());
    }
    out.println("(rows/s = table rows / wall seconds; 'duck/mmlake' = how many times slower "
        + "mmlake is than DuckDB on the same files)");
  }

  /** The round with the median time of {@code path} on {@code shape} (the upper one of two). */
  private static Timing find(List<Timing> ts, String shape, String path) {
    List<Timing> runs = ts.stream().filter(t -> t.shape().equals(shape)
        && t.path().equals(path)).sorted(Comparator.comparingDouble(Timing::seconds)).toList();
    return runs.get(runs.size() / 2);
  }

  /**
   * The benchmark table {@link #TABLE} with {@code rows} generated rows (id, source with 5 values,
   * ~200-char text, score, 384 floats); an existing table of that size is reused.
   */
  public static Table ensureData(Lakehouse lh, long rows, PrintStream out) {
    if (lh.catalog().tableExists(TABLE)) {
      Table t = lh.table(TABLE);
      String total = t.currentSnapshot() == null ? "0"
          : t.currentSnapshot().summary().getOrDefault("total-records", "0");
      if (Long.parseLong(total) == rows) {
        out.println("Reusing " + rows + " rows in " + TABLE);
        return t;
      }
      lh.catalog().dropTable(TABLE, true);
    }
    Schema schema = new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.required(2, "source", Types.StringType.get()),
        Types.NestedField.optional(3, "text", Types.StringType.get()),
        Types.NestedField.optional(4, "score", Types.DoubleType.get()),
        Types.NestedField.optional(5, "vector", Types.ListType.ofRequired(6, Types.FloatType.get())));
    Table t = lh.createTable(TABLE, schema);
    Random rnd = new Random(42);
    long t0 = System.nanoTime();
    out.println("Generating " + rows + " rows into " + TABLE + " ...");
    try (TableAppender a = lh.appender(t)) {
      StringBuilder text = new StringBuilder();
      for (long i = 0; i < rows; i++) {
        GenericRecord r = a.newRecord();
        r.set(0, i);
        r.set(1, SOURCES[rnd.nextInt(SOURCES.length)]);
        text.setLength(0);
        while (text.length() < 200) {
          text.append("w").append(rnd.nextInt(5000)).append(' ');
        }
        r.set(2, text.toString());
        r.set(3, rnd.nextDouble());
        List<Float> v = new ArrayList<>(384);
        for (int k = 0; k < 384; k++) {
          v.add((float) rnd.nextGaussian());
        }
        r.set(4, v);
        a.add(r);
        if ((i + 1) % 100_000 == 0) {
          out.printf("  %d rows (%.0f s)%n", i + 1, (System.nanoTime() - t0) / 1e9);
        }
      }
      a.commit();
    }
    return lh.table(TABLE);
  }

  private static List<String> dataFiles(Table t) {
    List<String> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file().location().replaceFirst("^file:", "")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
