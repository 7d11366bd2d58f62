package dev.mmlake.bench;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a run of {@link WriterProcesses} must leave behind, checked by reopening the lakehouse
 * (which also commits run rows a writer spilled): every statement succeeded or was refused as
 * busy; every statement has exactly one {@code obs.runs} row; every INSERT that succeeded has its
 * row in {@code lake.bench_rows}; and {@code lake.items} holds each id once, the same item set as
 * one ingest (every writer's inserted plus skipped rows equal the items committed).
 */
public final class ConcurrencyCheck {
  /**
   * The figures of one check and the violations found (empty when the run was correct).
   *
   * @param runRowsExpected one per statement the writers ran
   * @param runRowsLost statements of a writer without their {@code obs.runs} row
   * @param duplicateIds rows of {@code lake.items} beyond one per distinct id
   * @param items rows in {@code lake.items}
   */
  public record Outcome(List<String> violations, long runRowsExpected, long runRowsLost,
      long duplicateIds, long items) {
    public Outcome {
      violations = List.copyOf(violations);
    }

    public boolean ok() {
      return violations.isEmpty();
    }
  }

  private ConcurrencyCheck() {
  }

  /** The violations found; empty when the run was correct. */
  public static List<String> violations(Path home, WriterProcesses.Result result)
      throws SQLException {
    return check(home, result).violations();
  }

  /** Checks the lakehouse at {@code home} after {@code result}. */
  public static Outcome check(Path home, WriterProcesses.Result result) throws SQLException {
    List<String> out = new ArrayList<>(result.problems());
    result.statements().stream().filter(s -> !s.status().equals("ok") && !s.status().equals("busy"))
        .forEach(s -> out.add(s.writer() + " statement " + s.index() + " failed: " + s.code()
            + " " + s.message()));
    try (Engine engine = Engine.open(LakehouseConfig.embedded(home));
         Session session = engine.newSession("check")) {
      Map<String, Long> expectedRuns = new TreeMap<>(result.statements().stream().collect(
          Collectors.groupingBy(WriterProcesses.Statement::writer, Collectors.counting())));
      Map<String, Long> runs = new TreeMap<>();
      for (List<Object> r : rows(session, "SELECT user_name, COUNT(*), COUNT(DISTINCT run_id) "
          + "FROM obs.runs WHERE user_name LIKE 'writer-%' GROUP BY user_name")) {
        runs.put((String) r.get(0), (Long) r.get(1));
        if (!r.get(1).equals(r.get(2))) {
          out.add("obs.runs holds a run of " + r.get(0) + " twice");
        }
      }
      if (!runs.equals(expectedRuns)) {
        out.add("obs.runs rows per writer " + runs + " but statements run " + expectedRuns);
      }
      long lost = 0;
      for (Map.Entry<String, Long> e : expectedRuns.entrySet()) {
        lost += Math.max(0, e.getValue() - runs.getOrDefault(e.getKey(), 0L));
      }
      long okInserts = result.statements().stream()
          .filter(s -> s.kind().equals("insert") && s.status().equals("ok")).count();
      List<Object> bench = rows(session, "SELECT COUNT(*), COUNT(DISTINCT id) FROM "
          + ConcurrentWriter.ROWS_TABLE).get(0);
      if ((Long) bench.get(0) != okInserts || !bench.get(0).equals(bench.get(1))) {
        out.add(ConcurrentWriter.ROWS_TABLE + " has " + bench + " rows/ids for " + okInserts
            + " successful INSERTs");
      }
      List<Object> items = rows(session, "SELECT COUNT(*), COUNT(DISTINCT id) FROM lake.items")
          .get(0);
      long itemRows = (Long) items.get(0);
      long duplicates = itemRows - (Long) items.get(1);
      if (duplicates != 0) {
        out.add("lake.items has duplicate ids: " + items.get(0) + " rows, " + items.get(1)
            + " ids");
      }
      long inserted = 0;
      for (WriterProcesses.Statement s : result.statements()) {
        if (s.kind().equals("ingest") && s.status().equals("ok")) {
          inserted += s.count();
          if (s.count() + s.skipped() != itemRows) {
            out.add(s.writer() + " ingest inserted " + s.count() + " and skipped " + s.skipped()
                + " of " + items.get(0) + " items");
          }
        }
      }
      if (inserted != itemRows) {
        out.add("ingests inserted " + inserted + " items in all; lake.items has " + items.get(0));
      }
      return new Outcome(out, result.statements().size(), lost, duplicates, itemRows);
    }
  }

  private static List<List<Object>> rows(Session session, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (StatementResult r = session.execute(sql)) {
      ResultSet rs = r.resultSet();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }
}
