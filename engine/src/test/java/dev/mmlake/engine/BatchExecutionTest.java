package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.functions.BatchFunction;
import dev.mmlake.functions.FunctionCatalog;
import dev.mmlake.functions.SqlReturns;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchExecutionTest extends EngineTestBase {
  /** A model-like function that counts how often it runs and how many rows each run gets. */
  public static final class CountingEmbed implements BatchFunction {
    static final AtomicInteger SINGLE_CALLS = new AtomicInteger();
    static final AtomicInteger BATCH_CALLS = new AtomicInteger();
    static final List<Integer> BATCH_SIZES = new ArrayList<>();

    @SqlReturns("REAL ARRAY")
    public List<Float> eval(String text) {
      SINGLE_CALLS.incrementAndGet();
      return embed(text);
    }

    @Override
    public List<Object> evalBatch(List<Object[]> args) {
      BATCH_CALLS.incrementAndGet();
      BATCH_SIZES.add(args.size());
      List<Object> out = new ArrayList<>();
      for (Object[] a : args) {
        out.add(embed((String) a[0]));
      }
      return out;
    }

    static List<Float> embed(String s) {
      return s == null ? null : List.of((float) s.length(), (float) s.charAt(0));
    }
  }

  @BeforeAll
  static void registerFunction() {
    FunctionCatalog.register("TEST_EMBED", CountingEmbed.class);
  }

  @Test
  void modelFunctionRunsOncePerBatchNotPerRow() {
    session.close();
    engine.close();
    engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lh32"))
        .with("exec.batch-size", "32"));
    session = engine.newSession("test");
    exec("CREATE TABLE lake.texts (id INTEGER, body VARCHAR)");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      values.append(i == 0 ? "" : ", ").append("(").append(i).append(", 'text number ").append(i)
          .append("')");
    }
    exec("INSERT INTO lake.texts VALUES " + values);
    CountingEmbed.SINGLE_CALLS.set(0);
    CountingEmbed.BATCH_CALLS.set(0);
    CountingEmbed.BATCH_SIZES.clear();

    List<List<Object>> rows = rows("SELECT id, TEST_EMBED(UPPER(body)) AS v, body FROM lake.texts "
        + "WHERE id < 70 ORDER BY id");
    assertThat(rows).hasSize(70);
    assertThat(rows.get(5)).containsExactly(5, List.of(13f, (float) 'T'), "text number 5");
    assertThat(CountingEmbed.SINGLE_CALLS).hasValue(0);
    assertThat(CountingEmbed.BATCH_CALLS).hasValue(3); // 32 + 32 + 6
    assertThat(CountingEmbed.BATCH_SIZES).containsExactly(32, 32, 6);

    String plan = rows("EXPLAIN PLAN FOR SELECT TEST_EMBED(body) FROM lake.texts").toString();
    assertThat(plan).contains("EnumerableBatchCall(function=[TEST_EMBED]");
  }

  @Test
  void batchSizeIsConfigurableAndResultIsTypedAsVector() {
    engine.close();
    engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lh2"))
        .with("exec.batch-size", "10"));
    session = engine.newSession("test");
    exec("CREATE TABLE lake.t (body VARCHAR)");
    exec("INSERT INTO lake.t VALUES ('a'), ('bb'), ('ccc'), ('dddd'), ('e'), ('f'), ('g'), ('h'), "
        + "('i'), ('j'), ('k'), ('l')");
    CountingEmbed.BATCH_SIZES.clear();
    exec("CREATE TABLE lake.vecs AS SELECT body, TEST_EMBED(body) AS v FROM lake.t");
    assertThat(CountingEmbed.BATCH_SIZES).containsExactly(10, 2);
    assertThat(engine.lakehouse().table("lake.vecs").schema().findField("v").type().toString())
        .isEqualTo("list<float>");
    assertThat(rows("SELECT v FROM lake.vecs WHERE body = 'ccc'"))
        .containsExactly(List.of(List.of(3f, (float) 'c')));
  }
}
