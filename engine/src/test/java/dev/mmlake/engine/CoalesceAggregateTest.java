package dev.mmlake.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** COALESCE over an aggregate plans and runs for each numeric column type, grouped or not. */
class CoalesceAggregateTest extends EngineTestBase {

  @BeforeEach
  void table() {
    exec("CREATE TABLE lake.c (k VARCHAR, i INTEGER, b BIGINT, d DOUBLE)");
    exec("INSERT INTO lake.c VALUES ('a', 1, 10, 0.5), ('a', 2, 20, 1.5), ('b', NULL, NULL, NULL)");
  }

  @Test
  void integerSumGrouped() {
    assertEquals(List.of(List.of("a", 3), List.of("b", 0)),
        rows("SELECT k, COALESCE(SUM(i), 0) FROM lake.c GROUP BY k ORDER BY k"));
  }

  @Test
  void bigintSumGrouped() {
    assertEquals(List.of(List.of("a", 30L), List.of("b", 0L)),
        rows("SELECT k, COALESCE(SUM(b), 0) FROM lake.c GROUP BY k ORDER BY k"));
  }

  @Test
  void doubleSumGrouped() {
    assertEquals(List.of(List.of("a", 2.0), List.of("b", 0.0)),
        rows("SELECT k, COALESCE(SUM(d), 0) FROM lake.c GROUP BY k ORDER BY k"));
  }

  @Test
  void ungrouped() {
    assertEquals(List.of(List.of(3, 30L, 2.0)),
        rows("SELECT COALESCE(SUM(i), 0), COALESCE(SUM(b), 0), COALESCE(SUM(d), 0) FROM lake.c"));
    assertEquals(List.of(List.of(0, 0L, 0.0)),
        rows("SELECT COALESCE(SUM(i), 0), COALESCE(SUM(b), 0), COALESCE(SUM(d), 0)"
            + " FROM lake.c WHERE k = 'zzz'"));
  }

  @Test
  void otherAggregates() {
    assertEquals(List.of(List.of("a", 2, 1.0, 2L), List.of("b", -1, -1.0, 1L)),
        rows("SELECT k, COALESCE(MAX(i), -1), COALESCE(AVG(d), -1), COALESCE(COUNT(*), 0)"
            + " FROM lake.c GROUP BY k ORDER BY k"));
  }

  @Test
  void insideExpressionsAndHaving() {
    assertEquals(List.of(List.of("a", 31L), List.of("b", 1L)),
        rows("SELECT k, COALESCE(SUM(b), 0) + 1 FROM lake.c GROUP BY k ORDER BY k"));
    assertEquals(List.of(List.of("b", 0.0)),
        rows("SELECT k, COALESCE(SUM(d), 0) FROM lake.c GROUP BY k"
            + " HAVING COALESCE(SUM(d), 0) = 0"));
    assertEquals(List.of(List.of("a", 30L, 3), List.of("b", 0L, 0)),
        rows("SELECT k, COALESCE(SUM(b), 0), COALESCE(SUM(i), 0) FROM lake.c"
            + " GROUP BY k ORDER BY k"));
  }
}
