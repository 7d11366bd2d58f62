package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentInsertTest extends EngineTestBase {

  @Test
  void eightThreadsInsertingEndWithEveryRowAndEightSnapshots() throws Exception {
    exec("CREATE TABLE lake.c (thread INTEGER, n INTEGER)");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Long>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        try (Session s = engine.newSession("writer-" + thread)) {
          StringBuilder values = new StringBuilder();
          for (int i = 0; i < 25; i++) {
            values.append(i == 0 ? "" : ", ").append('(').append(thread).append(", ").append(i)
                .append(')');
          }
          try (StatementResult r = s.execute("INSERT INTO lake.c VALUES " + values)) {
            return r.updateCount();
          }
        }
      }));
    }
    long total = 0;
    for (Future<Long> f : futures) {
      total += f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(total).isEqualTo(200);
    assertThat(rows("SELECT thread, COUNT(*), COUNT(DISTINCT n) FROM lake.c GROUP BY thread "
        + "ORDER BY thread")).hasSize(8).allSatisfy(r -> {
          assertThat(r.get(1)).isEqualTo(25L);
          assertThat(r.get(2)).isEqualTo(25L);
        });
    assertThat(engine.lakehouse().table("lake.c").snapshots()).hasSize(8);
  }
}
