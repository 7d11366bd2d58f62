package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.sql.SqlParsing;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session's plan cache: a repeated query runs its kept plan, still as a full run; changes of
 * the tables it reads (by this or another session) make it plan again, and new rows never do.
 */
class PlanCacheTest extends EngineTestBase {
  private static final String GROUPED =
      "SELECT source, COUNT(*), AVG(score) FROM lake.t GROUP BY source ORDER BY source";

  /** Another process on the same lakehouse: its own engine and session. */
  private Engine otherEngine;
  private Session other;

  @BeforeEach
  void createTable() {
    exec("CREATE TABLE lake.t (id BIGINT, source VARCHAR, score DOUBLE)");
    exec("INSERT INTO lake.t VALUES (1, 'web', 1.0), (2, 'web', 3.0), (3, 'api', 5.0)");
    otherEngine = Engine.of(Lakehouse.open(LakehouseConfig.embedded(dir.resolve("lakehouse"))));
    other = otherEngine.newSession("other");
  }

  @AfterEach
  void closeOther() {
    other.close();
    otherEngine.close();
  }

  private PlanCache cache() {
    return session.planCache();
  }

  @Test
  void repeatedQueryRunsItsKeptPlanAsAFullRun() {
    List<List<Object>> first = rows(GROUPED);
    assertThat(cache().misses()).isEqualTo(1);
    assertThat(cache().size()).isEqualTo(1);
    List<List<Object>> second = rows(GROUPED);
    assertThat(second).isEqualTo(first)
        .containsExactly(List.of("api", 1L, 5.0), List.of("web", 2L, 2.0));
    assertThat(cache().hits()).isEqualTo(1);
    assertThat(cache().misses()).isEqualTo(1);

    engine.flushRunLog();
    assertThat(rows("SELECT status, statement_kind, rows_read FROM obs.runs WHERE "
        + "statement_text = '" + GROUPED + "'"))
        .containsExactly(List.of("ok", "QUERY", 3L), List.of("ok", "QUERY", 3L));
  }

  @Test
  void rowsInsertedOrDeletedElsewhereAppearWithoutPlanningAgain() {
    rows(GROUPED);
    other.execute("INSERT INTO lake.t VALUES (4, 'api', 7.0), (5, 'mail', 2.0)").close();
    assertThat(rows(GROUPED)).containsExactly(List.of("api", 2L, 6.0), List.of("mail", 1L, 2.0),
        List.of("web", 2L, 2.0));
    other.execute("DELETE FROM lake.t WHERE source = 'web'").close();
    assertThat(rows(GROUPED)).containsExactly(List.of("api", 2L, 6.0), List.of("mail", 1L, 2.0));
    exec("INSERT INTO lake.t VALUES (6, 'mail', 4.0)");
    assertThat(rows(GROUPED)).containsExactly(List.of("api", 2L, 6.0), List.of("mail", 2L, 3.0));
    // COUNT(*) answered from manifest statistics is decided when the plan runs
    assertThat(scalar("SELECT COUNT(*) FROM lake.t")).isEqualTo(4L);
    exec("INSERT INTO lake.t VALUES (7, 'web', 1.0)");
    assertThat(scalar("SELECT COUNT(*) FROM lake.t")).isEqualTo(5L);
    assertThat(cache().hits()).isEqualTo(4);
    assertThat(cache().replans()).isZero();
  }

  @Test
  void tableDroppedAndCreatedWithOtherColumnsIsPlannedAgain() {
    assertThat(rows("SELECT * FROM lake.t WHERE id = 1")).containsExactly(List.of(1L, "web", 1.0));
    other.execute("DROP TABLE lake.t").close();
    other.execute("CREATE TABLE lake.t (id BIGINT, label VARCHAR, n INTEGER, x DOUBLE)").close();
    other.execute("INSERT INTO lake.t VALUES (1, 'one', 10, 0.5)").close();
    try (StatementResult r = session.execute("SELECT * FROM lake.t WHERE id = 1")) {
      assertThat(columns(r.resultSet())).containsExactly("id", "label", "n", "x");
      assertThat(drain(r.resultSet())).containsExactly(List.of(1L, "one", 10, 0.5));
    }
    assertThat(cache().replans()).isEqualTo(1);
    assertThat(cache().hits()).isZero();
  }

  @Test
  void tableThatGrewManyFoldIsPlannedAgainForItsNewSize() {
    rows(GROUPED);
    exec("INSERT INTO lake.t SELECT a * 100 + b, 'bulk', 1.0 FROM (VALUES " + range(40)
        + ") AS x(a) CROSS JOIN (VALUES " + range(30) + ") AS y(b)");
    assertThat(rows(GROUPED)).contains(List.of("bulk", 1200L, 1.0));
    assertThat(cache().replans()).isEqualTo(1);
    exec("INSERT INTO lake.t VALUES (9000, 'web', 1.0)"); // within twofold: kept
    assertThat(rows(GROUPED)).contains(List.of("web", 3L, 5.0 / 3));
    assertThat(cache().replans()).isEqualTo(1);
    assertThat(cache().hits()).isEqualTo(1);
  }

  private static String range(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ").append('(').append(i).append(')');
    }
    return b.toString();
  }

  @Test
  void currentTimeIsTakenWhenAKeptPlanRuns() {
    String sql = "SELECT CAST(CURRENT_TIMESTAMP AS VARCHAR), COUNT(*) FROM lake.t "
        + "WHERE CURRENT_TIMESTAMP > TIMESTAMP '2000-01-01 00:00:00'";
    Object first = rows(sql).get(0).get(0);
    long deadline = System.nanoTime() + 10_000_000_000L;
    Object later = first;
    while (later.equals(first) && System.nanoTime() < deadline) {
      later = rows(sql).get(0).get(0);
    }
    assertThat(later).isNotEqualTo(first);
    assertThat(cache().hits()).isPositive();
  }

  @Test
  void ddlInThisSessionEmptiesTheCache() {
    rows("SELECT id FROM lake.t");
    exec("DROP TABLE lake.t");
    assertThat(cache().size()).isZero();
    exec("CREATE TABLE lake.t (id VARCHAR)");
    exec("INSERT INTO lake.t VALUES ('a')");
    assertThat(rows("SELECT id FROM lake.t")).containsExactly(List.of("a"));
  }

  @Test
  void addedColumnIsReturnedByACachedSelectStar() {
    rows("SELECT * FROM lake.t WHERE id = 1");
    Table t = engine.lakehouse().table("lake.t");
    t.updateSchema().addColumn("note", Types.StringType.get()).commit();
    try (StatementResult r = session.execute("SELECT * FROM lake.t WHERE id = 1")) {
      assertThat(columns(r.resultSet())).containsExactly("id", "source", "score", "note");
      assertThat(drain(r.resultSet())).containsExactly(Arrays.asList(1L, "web", 1.0,
          null));
    }
    assertThat(cache().replans()).isEqualTo(1);
  }

  @Test
  void droppedTableFailsAsWithoutTheCache() {
    rows("SELECT id FROM lake.t");
    other.execute("DROP TABLE lake.t").close();
    String uncached = errorOf(other, "SELECT id FROM lake.t");
    assertThat(errorOf(session, "SELECT id FROM lake.t")).isEqualTo(uncached)
        .contains("'t' not found");
    assertThat(cache().size()).isZero();
  }

  @Test
  void newTableThatShadowsAnotherNameIsPlannedAgain() {
    rows("SELECT * FROM lake.T");
    other.execute("CREATE TABLE lake.\"T\" (other_id INTEGER)").close();
    try (StatementResult r = session.execute("SELECT * FROM lake.T")) {
      assertThat(columns(r.resultSet())).containsExactly("other_id");
    }
  }

  @Test
  void sizeZeroDisablesTheCacheWithTheSameResults() {
    try (Engine e = Engine.of(Lakehouse.open(LakehouseConfig.embedded(dir.resolve("lakehouse"))
        .with(PlanCache.SIZE, "0")));
        Session s = e.newSession("test")) {
      List<List<Object>> a = QueryRows.of(s, GROUPED);
      List<List<Object>> b = QueryRows.of(s, GROUPED);
      assertThat(a).isEqualTo(b).isEqualTo(rows(GROUPED)).isEqualTo(rows(GROUPED));
      assertThat(s.planCache().capacity()).isZero();
      assertThat(s.planCache().size()).isZero();
      assertThat(s.planCache().hits() + s.planCache().misses()).isZero();
    }
    assertThat(cache().hits()).isEqualTo(1);
  }

  @Test
  void badSizeIsRefusedWithTheFix() {
    LakehouseConfig config = LakehouseConfig.embedded(dir.resolve("lakehouse"))
        .with(PlanCache.SIZE, "-1");
    try (Engine e = Engine.of(Lakehouse.open(config))) {
      assertThatThrownBy(() -> e.newSession("test"))
          .hasMessageContaining("sql.plan-cache.size must be a whole number >= 0");
    }
  }

  @Test
  void leastRecentlyUsedPlanIsDroppedPastTheSize() {
    try (Engine e = Engine.of(Lakehouse.open(LakehouseConfig.embedded(dir.resolve("lakehouse"))
        .with(PlanCache.SIZE, "2")));
        Session s = e.newSession("test")) {
      QueryRows.of(s, "SELECT id FROM lake.t");
      QueryRows.of(s, "SELECT source FROM lake.t");
      QueryRows.of(s, "SELECT id FROM lake.t");
      QueryRows.of(s, "SELECT score FROM lake.t"); // drops SELECT source
      assertThat(s.planCache().size()).isEqualTo(2);
      QueryRows.of(s, "SELECT id FROM lake.t");
      QueryRows.of(s, "SELECT source FROM lake.t");
      assertThat(s.planCache().hits()).isEqualTo(2);
      assertThat(s.planCache().misses()).isEqualTo(4);
    }
  }

  @Test
  void onlyPlainReadsOfLakehouseTablesAreKept() throws Exception {
    Table t = engine.lakehouse().table("lake.t");
    long snapshot = t.currentSnapshot().snapshotId();
    engine.lakehouse().catalog().buildView(TableIdentifier.of("lake", "v"))
        .withSchema(new Schema(Types.NestedField.optional(1, "id", Types.LongType.get())))
        .withDefaultNamespace(Namespace.of("lake"))
        .withQuery("calcite", "SELECT id FROM lake.t").create();
    List<String> notKept = List.of(
        "SELECT * FROM lake.v",
        "SELECT COUNT(*) FROM lake.\"t@" + snapshot + "\"",
        "SELECT COUNT(*) FROM lake.\"t$history\"",
        "SELECT COUNT(*) FROM obs.runs",
        "SELECT COUNT(*) FROM lake.t FOR SYSTEM_TIME AS OF TIMESTAMP '2100-01-01 00:00:00'",
        "SELECT COSINE_SIMILARITY(ARRAY[CAST(score AS REAL)], ARRAY[CAST(1 AS REAL)]) "
            + "FROM lake.t",
        "EXPLAIN PLAN FOR SELECT id FROM lake.t");
    for (String sql : notKept) {
      try (StatementResult r = session.execute(sql)) {
        drain(r.resultSet());
      }
      assertThat(cache().size()).as(sql).isZero();
    }
    List<List<Object>> viaView = rows("SELECT * FROM lake.v");
    assertThat(viaView).hasSize(3);
  }

  @Test
  void statementsThatCannotBeKeptAreRecognisedBeforePlanning() throws Exception {
    var root = session.connection().getRootSchema();
    for (String sql : List.of(
        "SELECT COUNT(*) FROM lake.\"t@1\"",
        "SELECT COUNT(*) FROM lake.\"t$files\"",
        "SELECT COUNT(*) FROM lake.t FOR SYSTEM_TIME AS OF TIMESTAMP '2100-01-01 00:00:00'",
        "SELECT cosine_similarity(ARRAY[CAST(score AS REAL)], ARRAY[CAST(1 AS REAL)]) "
            + "FROM lake.t",
        "SELECT * FROM TABLE(READ_CSV('x.csv'))",
        "SELECT id FROM lake.t WHERE id = ?")) {
      assertThat(cache().accepts(SqlParsing.parse(sql), root)).as(sql).isFalse();
    }
    assertThat(cache().accepts(SqlParsing.parse(GROUPED), root)).isTrue();
    assertThat(cache().accepts(SqlParsing.parse(
        "SELECT UPPER(source), CURRENT_DATE FROM lake.t WHERE id IN (SELECT id FROM lake.t)"),
        root)).isTrue();
  }

  @Test
  void preparedQueriesTakeTheKeptPlanAndGiveItBack() {
    rows(GROUPED);
    try (PreparedSql p = session.prepare(GROUPED)) { // the kept plan, checked out
      assertThat(cache().hits()).isEqualTo(1);
      try (PreparedSql q = session.prepare(GROUPED)) { // busy: prepared for itself
        other.execute("INSERT INTO lake.t VALUES (4, 'mail', 2.0)").close();
        for (PreparedSql each : List.of(p, q, p)) {
          try (StatementResult r = each.execute(List.of())) {
            assertThat(drain(r.resultSet())).containsExactly(List.of("api", 1L, 5.0),
                List.of("mail", 1L, 2.0), List.of("web", 2L, 2.0));
          }
        }
      }
      assertThat(cache().hits()).isEqualTo(1);
      assertThat(cache().misses()).isEqualTo(2);
    }
    assertThat(rows(GROUPED)).hasSize(3);
    try (PreparedSql p = session.prepare("SELECT id FROM lake.t WHERE id > ?")) {
      assertThat(p.parameterCount()).isEqualTo(1); // parameters: never from the cache
    }
    assertThat(cache().hits()).isEqualTo(2);
    assertThat(cache().size()).isEqualTo(1);
  }

  @Test
  void cancelledPlanIsNotRunAgain() throws SQLException {
    String sql = "SELECT id FROM lake.t ORDER BY id";
    rows(sql);
    try (StatementResult r = session.execute(sql)) {
      session.cancel();
      assertThatThrownBy(() -> r.resultSet().next()).hasMessageContaining("cancel");
    }
    assertThat(rows(sql)).hasSize(3);
    try (StatementResult r = session.execute(sql)) {
      r.cancel();
      assertThatThrownBy(() -> r.resultSet().next()).hasMessageContaining("cancel");
    }
    assertThat(rows(sql)).hasSize(3);
    assertThat(rows(sql)).hasSize(3);
    assertThat(cache().hits()).isEqualTo(3);
  }

  @Test
  void openResultIsNotDisturbedByTheSameQuery() throws SQLException {
    rows("SELECT id FROM lake.t ORDER BY id");
    try (StatementResult a = session.execute("SELECT id FROM lake.t ORDER BY id")) {
      ResultSet first = a.resultSet();
      assertThat(first.next()).isTrue();
      assertThat(rows("SELECT id FROM lake.t ORDER BY id")).hasSize(3); // prepared anew
      List<Object> rest = new ArrayList<>();
      while (first.next()) {
        rest.add(first.getObject(1));
      }
      assertThat(rest).containsExactly(2L, 3L);
    }
    assertThat(cache().hits()).isEqualTo(1);
    rows("SELECT id FROM lake.t ORDER BY id");
    assertThat(cache().hits()).isEqualTo(2);
  }

  private static String errorOf(Session s, String sql) {
    try (StatementResult r = s.execute(sql)) {
      drain(r.resultSet());
      return null;
    } catch (SqlStatementException e) {
      return e.getMessage();
    }
  }

  private static List<String> columns(ResultSet rs) {
    try {
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        names.add(rs.getMetaData().getColumnName(i));
      }
      return names;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
