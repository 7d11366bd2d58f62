package dev.mmlake.engine;

import org.junit.jupiter.api.Test;

class ScratchTest extends EngineTestBase {
  void tryIt(String sql) {
    try {
      System.out.println("SCRATCH OK " + rows(sql) + " <- " + sql);
    } catch (Exception e) {
      System.out.println("SCRATCH FAIL " + e.getMessage() + " <- " + sql);
    }
  }

  @Test
  void scratch() {
    exec("CREATE TABLE lake.s (id VARCHAR, k VARCHAR, q DOUBLE, t TIMESTAMP)");
    exec("INSERT INTO lake.s VALUES ('a', 'k', 1.0, TIMESTAMP '2020-01-01 00:00:00'), ('b', 'k', 0.5, NULL)");
    tryIt("SELECT * FROM TABLE(EXACT_DEDUP(CURSOR(SELECT id, k, q, t FROM lake.s)))");
    tryIt("SELECT * FROM TABLE(EXACT_DEDUP(CURSOR(SELECT id, k, q FROM lake.s)))");
    tryIt("SELECT d.id, 1.0, 'exact', RUN_ID() FROM TABLE(EXACT_DEDUP(CURSOR(SELECT id, k, q FROM lake.s))) AS d");
    tryIt("SELECT * FROM TABLE(ANN_DEDUP(CURSOR(SELECT id, ARRAY[1.0, 0.0], q FROM lake.s), 0.9))");
    tryIt("SELECT RUN_ID()");
  }
}
