package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Side writes commit after the statement's table, and not at all when the statement fails. */
class StatementAtomicityTest extends EngineTestBase {

  @Test
  void aFailedStatementLeavesNoMetricsCacheRowsOrModelRegistrations() {
    exec("CREATE TABLE lake.s (id INTEGER, body VARCHAR)");
    exec("INSERT INTO lake.s VALUES (1, 'one cat'), (2, 'two cats'), (3, 'one cat')");
    exec("CREATE TABLE lake.res (id VARCHAR, x INTEGER)");

    // EXACT_DEDUP computes (and would record metrics), then the statement fails on 1 / 0
    assertThatThrownBy(() -> exec("INSERT INTO lake.res SELECT d.id, 1 / 0 FROM TABLE(EXACT_DEDUP("
        + "CURSOR(SELECT CAST(id AS VARCHAR), body, 1.0, CURRENT_TIMESTAMP FROM lake.s))) AS d"))
        .isInstanceOf(SqlStatementException.class);
    // EMBED_TEXT computes vectors (cache rows) and registers its model, then 1 / 0
    assertThatThrownBy(() -> exec("INSERT INTO lake.res SELECT body, CARDINALITY(EMBED_TEXT(body)) "
        + "/ (id - id) FROM lake.s")).isInstanceOf(SqlStatementException.class);

    // no metrics of the functions (the failed runs' own run metrics are recorded)
    assertThat(scalar("SELECT COUNT(*) FROM obs.metrics WHERE stage IN ('dedup', 'embed')"))
        .isEqualTo(0L);
    assertThat(scalar("SELECT COUNT(*) FROM lake.embeddings")).isEqualTo(0L);
    assertThat(scalar("SELECT COUNT(*) FROM lake.models")).isEqualTo(0L);
    assertThat(scalar("SELECT COUNT(*) FROM lake.res")).isEqualTo(0L);
  }

  @Test
  void aSucceedingStatementCommitsItsTableThenItsSideWrites() {
    exec("CREATE TABLE lake.s (id INTEGER, body VARCHAR)");
    exec("INSERT INTO lake.s VALUES (1, 'one cat'), (2, 'two cats'), (3, 'one cat')");
    StatementResult r = exec("CREATE TABLE lake.res AS SELECT d.id, d.kept FROM TABLE(EXACT_DEDUP("
        + "CURSOR(SELECT CAST(id AS VARCHAR), body, 1.0, CURRENT_TIMESTAMP FROM lake.s))) AS d");

    assertThat(r.updateCount()).isEqualTo(3);
    // the first EXACT_DEDUP also registers itself in lake.transforms (docs/transforms.md)
    assertThat(r.sideWrites()).containsOnlyKeys("obs.metrics", "lake.transforms");
    // main commit, then the side writes to obs.metrics and lake.transforms (run metrics may follow)
    assertThat(r.snapshotIds()).hasSize(3);
    assertThat(engine.lakehouse().table("obs.metrics").snapshot(r.snapshotIds().get(1)))
        .isNotNull();
    assertThat(engine.lakehouse().table("lake.transforms").snapshot(r.snapshotIds().get(2)))
        .isNotNull();
    assertThat((Long) scalar("SELECT COUNT(*) FROM obs.metrics")).isPositive();
  }

  @Test
  void ctasWithEmbeddingsCountsTableRowsOnlyAndListsTheCacheSeparately() {
    exec("CREATE TABLE lake.s (id INTEGER, body VARCHAR)");
    exec("INSERT INTO lake.s VALUES (1, 'one cat'), (2, 'two cats'), (3, 'one cat'), (4, NULL)");

    StatementResult r = exec("CREATE TABLE lake.vectors AS SELECT id, EMBED_TEXT(body) AS v "
        + "FROM lake.s");

    assertThat(r.updateCount()).isEqualTo(4);
    assertThat(r.message()).contains("with 4 rows").contains("side writes:")
        .contains("lake.embeddings +2").contains("lake.models +1");
    assertThat(r.sideWrites()).containsEntry("lake.embeddings", 2L);
    assertThat(rows("SELECT rows_written, side_writes FROM obs.runs WHERE run_id = '" + r.runId()
        + "'")).containsExactly(List.of(4L, "lake.embeddings=2,lake.models=1,lake.transforms=1"));
  }

  @Test
  void concurrentStatementsEmbeddingTheSameTextsCacheEachVectorOnce() throws Exception {
    exec("CREATE TABLE lake.s (id INTEGER, body VARCHAR)");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      values.append(i == 0 ? "" : ", ").append('(').append(i).append(", 'text number ")
          .append(i).append("')");
    }
    exec("INSERT INTO lake.s VALUES " + values);
    rows("SELECT EMBED_TEXT('warm up the model') FROM lake.s WHERE id = 0");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    CyclicBarrier start = new CyclicBarrier(3);
    List<Future<Integer>> done = new ArrayList<>();
    try {
      for (int t = 0; t < 3; t++) {
        int reader = t;
        done.add(pool.submit(() -> {
          try (Session s = engine.newSession("reader-" + reader)) {
            start.await(30, TimeUnit.SECONDS);
            try (StatementResult r = s.execute("SELECT id, EMBED_TEXT(body) FROM lake.s")) {
              return drain(r.resultSet()).size();
            }
          }
        }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(30);
      }
    } finally {
      pool.shutdownNow();
    }
    // 30 texts and the warm-up sentence, each once
    assertThat(scalar("SELECT COUNT(*) FROM lake.embeddings")).isEqualTo(31L);
    assertThat(scalar("SELECT COUNT(*) FROM (SELECT DISTINCT content_hash, model, model_version "
        + "FROM lake.embeddings)")).isEqualTo(31L);
    assertThat(scalar("SELECT COUNT(*) FROM lake.models")).isEqualTo(1L);
  }
}
