package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.TableAppender;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * GROUP BY computed in the scan from column batches (dictionary entries as group keys, primitive
 * sums) equals Calcite's own aggregation of the same rows, over many batches and row groups whose
 * strings are partly dictionary-encoded and partly plain.
 */
class BatchAggregationTest extends EngineTestBase {

  private void manyRows() {
    exec("CREATE TABLE lake.big (k VARCHAR, grp INTEGER, v DOUBLE, r REAL, n BIGINT)");
    Table t = engine.lakehouse().table(TableIdentifier.of("lake", "big"));
    // small pages and dictionaries: many pages, and string chunks that switch to plain values
    t.updateProperties().set("write.parquet.page-size-bytes", "2048")
        .set("write.parquet.dict-size-bytes", "1024")
        .set("write.parquet.row-group-size-bytes", "65536").commit();
    Random rnd = new Random(5);
    for (int file = 0; file < 2; file++) {
      try (TableAppender a = engine.lakehouse().appender(t)) {
        for (int i = 0; i < 15_000; i++) {
          GenericRecord r = a.newRecord();
          r.set(0, i % 7 == 0 ? null : i % 5000 < 2500 ? "k" + i % 13 : "key-" + rnd.nextInt(3000));
          r.set(1, i % 11 == 0 ? null : i % 5);
          r.set(2, i % 3 == 0 ? null : rnd.nextGaussian());
          r.set(3, i % 4 == 0 ? null : (float) rnd.nextGaussian());
          r.set(4, rnd.nextLong() >> 8);
          a.add(r);
        }
        a.commit();
      }
    }
  }

  @Test
  void batchAggregationEqualsCalcitesAggregation() {
    manyRows();
    for (String q : List.of(
        "SELECT k, COUNT(*), COUNT(v), SUM(v), AVG(v), MIN(v), MAX(v), SUM(r), AVG(r), MIN(r), "
            + "SUM(grp), AVG(grp), MAX(grp), MIN(n), SUM(n), MIN(k), MAX(k) FROM lake.big "
            + "GROUP BY k",
        "SELECT grp, COUNT(*), SUM(v), MAX(k) FROM lake.big GROUP BY grp",
        "SELECT k, grp, COUNT(*), SUM(r) FROM lake.big GROUP BY k, grp",
        "SELECT COUNT(*), SUM(v), AVG(r), MIN(k) FROM lake.big")) {
      String blocked = q.replace("FROM lake.big",
          "FROM (SELECT * FROM lake.big LIMIT 1000000)");
      assertThat(explain(q)).as(q).contains("aggregate=[");
      assertThat(explain(blocked)).as(blocked).contains("EnumerableAggregate");
      List<List<Object>> pushed = sorted(rows(q));
      assertThat(pushed).as(q).isEqualTo(sorted(rows(blocked)));
      assertThat(pushed).as(q).isNotEmpty();
    }
    // with a WHERE: exact conditions are evaluated on the batches, others on rows; same results
    for (String q : List.of(
        "SELECT k, COUNT(*), SUM(v), MAX(grp) FROM lake.big WHERE grp = 3 GROUP BY k",
        "SELECT grp, COUNT(*), AVG(r) FROM lake.big WHERE k = 'k5' OR k IS NULL GROUP BY grp",
        "SELECT k, COUNT(*) FROM lake.big WHERE n > 0 AND grp IN (1, 2) GROUP BY k",
        "SELECT grp, COUNT(*), SUM(n) FROM lake.big WHERE v > 0.5 GROUP BY grp",
        "SELECT COUNT(*), MIN(k) FROM lake.big WHERE k <> 'k1'")) {
      String blocked = q.replace("FROM lake.big",
          "FROM (SELECT * FROM lake.big LIMIT 1000000)");
      assertThat(explain(q)).as(q).contains("aggregate=[").contains("where=");
      List<List<Object>> pushed = sorted(rows(q));
      assertThat(pushed).as(q).isNotEmpty().isEqualTo(sorted(rows(blocked)));
    }
    // the plain-encoded keys are there too: ~3,000 distinct keys, not only the 13 repeated ones
    assertThat(rows("SELECT k, COUNT(*) FROM lake.big GROUP BY k")).hasSizeGreaterThan(1000);
  }

  private String explain(String q) {
    return rows("EXPLAIN PLAN FOR " + q).get(0).get(0).toString();
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>(rows);
    out.sort(Comparator.comparing(Objects::toString));
    return out;
  }
}
