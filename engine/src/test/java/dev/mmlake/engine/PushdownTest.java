package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PushdownTest extends EngineTestBase {

  @Test
  void filterOnColumnStatsSkipsFilesAndShowsInPlan() {
    exec("CREATE TABLE lake.p (id INTEGER, source VARCHAR, score DOUBLE)");
    // three INSERTs -> three data files with disjoint `source` and `id` ranges
    exec("INSERT INTO lake.p VALUES (1, 'a', 0.1), (2, 'a', 0.2)");
    exec("INSERT INTO lake.p VALUES (3, 'b', 0.3), (4, 'b', 0.4)");
    exec("INSERT INTO lake.p VALUES (5, 'c', 0.5), (6, 'c', 0.6)");

    try (StatementResult r = session.execute("SELECT id, score FROM lake.p WHERE source = 'b'")) {
      assertThat(drain(r.resultSet())).containsExactlyInAnyOrder(List.of(3, 0.3), List.of(4, 0.4));
      assertThat(r.filesScanned()).isEqualTo(1);
      assertThat(r.filesSkipped()).isEqualTo(2);
    }
    String narrow = rows("EXPLAIN PLAN FOR SELECT id FROM lake.p WHERE source = 'b'")
        .get(0).get(0).toString();
    assertThat(narrow).contains("projects=[[0, 1]]").contains("filters=[[=($1, 'b')]]");
    try (StatementResult r = session.execute("SELECT id FROM lake.p WHERE id >= 5 OR id < 2")) {
      assertThat(drain(r.resultSet())).hasSize(3);
      assertThat(r.filesScanned()).isEqualTo(2);
    }
    // COUNT(*) without a filter is answered from the snapshot summary: no data file is opened
    try (StatementResult r = session.execute("SELECT COUNT(*) FROM lake.p")) {
      assertThat(drain(r.resultSet())).containsExactly(List.of(6L));
      assertThat(r.filesScanned()).isZero();
    }
    try (StatementResult r = session.execute("SELECT COUNT(*) FROM lake.p WHERE source = 'c'")) {
      assertThat(drain(r.resultSet())).containsExactly(List.of(2L));
      assertThat(r.filesScanned()).isEqualTo(1);
    }

    String plan = rows("EXPLAIN PLAN FOR SELECT id, score FROM lake.p WHERE source = 'b'")
        .get(0).get(0).toString();
    assertThat(plan).contains("IcebergTableScan(table=[[lake, p]]")
        .contains("filters=[[=($1, 'b')]]")
        .doesNotContain("Interpreter").doesNotContain("Bindable");
  }

  @Test
  void plansOverLakehouseTablesAreCompiledNotInterpreted() {
    exec("CREATE TABLE lake.s (id INTEGER, source VARCHAR, score DOUBLE)");
    exec("CREATE TABLE lake.t (id INTEGER, label VARCHAR)");
    exec("INSERT INTO lake.s VALUES (1, 'a', 0.5), (2, 'b', 1.5), (3, 'b', 2.5)");
    exec("INSERT INTO lake.t VALUES (1, 'one'), (3, 'three')");
    for (String q : List.of(
        "SELECT id FROM lake.s WHERE score > 1",
        "SELECT source, COUNT(*), AVG(score) FROM lake.s GROUP BY source",
        "SELECT s.id, t.label FROM lake.s s JOIN lake.t t ON s.id = t.id")) {
      String plan = rows("EXPLAIN PLAN FOR " + q).get(0).get(0).toString();
      assertThat(plan).as(q).contains("IcebergToEnumerableConverter")
          .contains("IcebergTableScan").doesNotContain("Interpreter").doesNotContain("Bindable");
    }
    assertThat(rows("SELECT source, COUNT(*), SUM(score) FROM lake.s GROUP BY source "
        + "ORDER BY source")).containsExactly(List.of("a", 1L, 0.5), List.of("b", 2L, 4.0));
    assertThat(rows("SELECT s.id, t.label FROM lake.s s JOIN lake.t t ON s.id = t.id "
        + "ORDER BY s.id")).containsExactly(List.of(1, "one"), List.of(3, "three"));
  }

  @Test
  void negatedPartialFiltersNeverDropMatchingRows() {
    exec("CREATE TABLE lake.n (a INTEGER, b VARCHAR)");
    exec("INSERT INTO lake.n VALUES (1, 'x'), (1, 'y')");
    exec("INSERT INTO lake.n VALUES (2, 'x')");
    // NOT (a = 1 AND <untranslatable>) must keep (1, 'y'): negating only `a = 1` would prune it
    assertThat(rows("SELECT a, b FROM lake.n WHERE NOT (a = 1 AND UPPER(b) = 'X') ORDER BY a, b"))
        .containsExactly(List.of(1, "y"), List.of(2, "x"));
    // a filter on a column that is not selected still filters rows while reading
    try (StatementResult r = session.execute("SELECT b FROM lake.n WHERE a = 2")) {
      assertThat(drain(r.resultSet())).containsExactly(List.of("x"));
    }
  }

  @Test
  void untranslatableFilterStillGivesCorrectRows() {
    exec("CREATE TABLE lake.q (id INTEGER, name VARCHAR)");
    exec("INSERT INTO lake.q VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma')");
    assertThat(rows("SELECT id FROM lake.q WHERE UPPER(name) LIKE '%A' AND MOD(id, 2) = 1 "
        + "ORDER BY id")).containsExactly(List.of(1), List.of(3));
  }
}
