package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.demo.SampleIngest;
import dev.mmlake.samples.SampleCorpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Insert-if-absent only where the table asks for it, counted, and safe under concurrency. */
class UpsertSemanticsTest extends EngineTestBase {
  private static final Schema KEYED = new Schema(List.of(
      Types.NestedField.required(1, "id", Types.StringType.get()),
      Types.NestedField.optional(2, "v", Types.IntegerType.get())), Set.of(1));

  @Test
  void aTableWithIdentifierFieldsButNoPropertyTakesDuplicateIds() {
    engine.lakehouse().createTable(TableIdentifier.of("lake", "keyed"), KEYED);
    session.close();
    session = engine.newSession("test");
    exec("INSERT INTO lake.keyed VALUES ('a', 1), ('b', 2)");

    StatementResult r = exec("INSERT INTO lake.keyed VALUES ('a', 3), ('a', 4)");

    assertThat(r.updateCount()).isEqualTo(2);
    assertThat(r.rowsSkipped()).isZero();
    assertThat(r.warnings()).isEmpty();
    assertThat(scalar("SELECT COUNT(*) FROM lake.keyed WHERE id = 'a'")).isEqualTo(3L);
  }

  @Test
  void theTablePropertyTurnsOnInsertIfAbsentAndSkippedRowsAreReported() {
    engine.lakehouse().createTable(TableIdentifier.of("lake", "keyed"), KEYED);
    engine.lakehouse().table("lake.keyed").updateProperties()
        .set(LakeTables.SKIP_EXISTING_IDS, "true").commit();
    session.close();
    session = engine.newSession("test");
    exec("INSERT INTO lake.keyed VALUES ('a', 1), ('b', 2)");

    StatementResult r = exec("INSERT INTO lake.keyed VALUES ('a', 3), ('c', 4), ('c', 5)");

    assertThat(r.updateCount()).isEqualTo(1);
    assertThat(r.rowsSkipped()).isEqualTo(2);
    assertThat(r.message()).contains("Inserted 1 row").contains("2 already present");
    assertThat(r.warnings()).singleElement().asString().contains("2 row(s) not inserted");
    assertThat(r.sqlWarnings().getMessage()).contains(LakeTables.SKIP_EXISTING_IDS);
    assertThat(rows("SELECT id, v FROM lake.keyed ORDER BY id"))
        .containsExactly(List.of("a", 1), List.of("b", 2), List.of("c", 4));
    assertThat(rows("SELECT rows_written, rows_skipped FROM obs.runs WHERE run_id = '"
        + r.runId() + "'")).containsExactly(List.of(1L, 2L));
    assertThat(engine.lakehouse().table("lake.keyed").currentSnapshot().summary())
        .containsEntry("mmlake.write", "insert-if-absent").containsEntry("added-records", "1");
  }

  @Test
  void twoConcurrentIngestsOfOneSourceCreateNoDuplicates() throws Exception {
    Path samples = dir.resolve("samples");
    SampleCorpus.generate(samples);
    String coco = SampleIngest.statements(samples).get(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CyclicBarrier start = new CyclicBarrier(2);
    List<Future<StatementResult>> results = new ArrayList<>();
    try {
      for (int t = 0; t < 2; t++) {
        int writer = t;
        results.add(pool.submit(() -> {
          try (Session s = engine.newSession("ingest-" + writer)) {
            start.await(30, TimeUnit.SECONDS);
            StatementResult r = s.execute(coco);
            r.close();
            return r;
          }
        }));
      }
      long inserted = 0;
      long skipped = 0;
      for (Future<StatementResult> f : results) {
        StatementResult r = f.get(120, TimeUnit.SECONDS);
        inserted += r.updateCount();
        skipped += r.rowsSkipped();
      }
      long items = (Long) scalar("SELECT COUNT(*) FROM lake.items");
      assertThat(scalar("SELECT COUNT(DISTINCT id) FROM lake.items")).isEqualTo(items);
      assertThat(inserted).isEqualTo(items).isPositive();
      assertThat(skipped).as("the second ingest skips what the first committed").isEqualTo(items);
    } finally {
      pool.shutdownNow();
    }
  }
}
