package dev.mmlake.engine.iceberg.columnar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The columnar reader decodes the lake's column types itself and filters on its buffers. */
class ColumnarParquetReaderTest {
  @TempDir Path dir;

  private static List<Object[]> read(Table table, List<String> columns, Expression filter)
      throws Exception {
    List<Object[]> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        new ColumnarParquetReader(table, table.schema().select(columns), columns.size())
            .read(task, (rows, n) -> {
              for (int i = 0; i < n; i++) {
                out.add(rows[i]);
              }
            });
      }
    }
    return out;
  }

  @Test
  void decodesVectorsWithoutBoxingAndFiltersOnBuffers() throws Exception {
    try (Engine engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lh")));
         Session session = engine.newSession("test")) {
      session.execute("CREATE TABLE lake.vec (id BIGINT, source VARCHAR, score DOUBLE, "
          + "amount DECIMAL(12, 3), v FLOAT ARRAY)").close();
      for (int f = 0; f < 10; f++) {
        StringBuilder values = new StringBuilder();
        for (int i = f * 500; i < (f + 1) * 500; i++) {
          values.append(values.length() == 0 ? "" : ", ").append(String.format(
              "(%d, '%s', %d.5, %d.125, ARRAY[%d.0, 1.0])", i, i % 3 == 0 ? "news" : "web", i, i,
              i));
        }
        session.execute("INSERT INTO lake.vec VALUES " + values).close();
      }
      Table table = engine.lakehouse().table(TableIdentifier.of("lake", "vec"));

      List<Object[]> all = read(table, List.of("id", "source", "amount", "v"),
          Expressions.alwaysTrue());
      assertThat(all).hasSize(5000);
      Object[] row = all.stream().filter(r -> (Long) r[0] == 7L).findFirst().orElseThrow();
      assertThat(row[1]).isEqualTo("web");
      assertThat(row[2].toString()).isEqualTo("7.125");
      assertThat(row[3]).isInstanceOf(FloatArrayList.class).isEqualTo(List.of(7.0f, 1.0f));
      assertThat(((FloatArrayList) row[3]).toFloatArray()).containsExactly(7.0f, 1.0f);

      // the filter runs on the decoded buffers: only matching rows become row objects
      List<Object[]> news = read(table, List.of("id", "source"),
          Expressions.and(Expressions.equal("source", "news"), Expressions.lessThan("id", 30L)));
      assertThat(news).extracting(r -> r[0]).containsExactlyInAnyOrder(
          0L, 3L, 6L, 9L, 12L, 15L, 18L, 21L, 24L, 27L);
    }
  }

  @Test
  void batchesHoldTheRowsValuesAndOutliveLaterBatches() throws Exception {
    try (Engine engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lh")));
         Session session = engine.newSession("test")) {
      session.execute("CREATE TABLE lake.wide (id BIGINT, i INTEGER, s VARCHAR, d DOUBLE, "
          + "f REAL, b BOOLEAN, dt DATE, ts TIMESTAMP, raw VARBINARY, amount DECIMAL(10, 2), "
          + "v FLOAT ARRAY, tags VARCHAR ARRAY)").close();
      StringBuilder hundred = new StringBuilder("(VALUES (0)");
      for (int k = 1; k < 100; k++) {
        hundred.append(", (").append(k).append(')');
      }
      hundred.append(')');
      // one file of 10,000 rows: three batches, each decoded into the same decoders
      session.execute("INSERT INTO lake.wide SELECT id, CAST(id AS INTEGER), "
          + "CASE WHEN MOD(id, 5) = 0 THEN NULL ELSE 'row-' || CAST(id AS VARCHAR) END, "
          + "id / 4.0, CAST(id AS REAL), MOD(id, 2) = 0, DATE '2026-01-01', "
          + "TIMESTAMP '2026-01-02 03:04:05.678', X'CAFE', CAST(id AS DECIMAL(10, 2)), "
          + "ARRAY[CAST(id AS FLOAT), 1.0], ARRAY['t'] FROM (SELECT a.x * 100 + b.x AS id FROM "
          + hundred + " AS a (x) CROSS JOIN " + hundred + " AS b (x))").close();
      Table table = engine.lakehouse().table(TableIdentifier.of("lake", "wide"));
      List<String> columns = List.of("id", "i", "s", "d", "f", "b", "dt", "ts", "raw", "amount",
          "v", "tags");
      for (Expression filter : List.of(Expressions.alwaysTrue(),
          Expressions.lessThan("id", 5000L))) {
        List<Object[]> rows = read(table, columns, filter);
        List<ColumnBatch> batches = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(filter)
            .planFiles()) {
          for (FileScanTask task : tasks) {
            new ColumnarParquetReader(table, table.schema().select(columns), columns.size())
                .readBatches(task, batches::add);
          }
        }
        assertThat(batches).hasSizeGreaterThan(1);
        int k = 0;
        for (ColumnBatch batch : batches) {
          for (int i = 0; i < batch.selectedCount(); i++) {
            int r = batch.selectedRow(i);
            Object[] row = rows.get(k++);
            for (int c = 0; c < columns.size(); c++) {
              ColumnVector col = batch.column(c);
              assertThat(col.getObject(r)).isEqualTo(row[c]);
              assertThat(col.isNull(r)).isEqualTo(row[c] == null);
            }
            assertThat(batch.column(0).getLong(r)).isEqualTo(row[0]);
            assertThat(batch.column(1).getInt(r)).isEqualTo(row[1]);
            if (row[2] != null) {
              assertThat(new String(batch.column(2).getBytes(r), StandardCharsets.UTF_8))
                  .isEqualTo(row[2]);
            }
            assertThat(batch.column(4).getFloat(r)).isEqualTo(row[4]);
            assertThat(batch.column(7).getLong(r)).isEqualTo(row[7]); // epoch milliseconds
            assertThat(batch.column(10).getFloats(r))
                .containsExactly(((FloatArrayList) row[10]).toFloatArray());
          }
        }
        assertThat(k).isEqualTo(rows.size()).isEqualTo(
            filter.op() == Expression.Operation.TRUE ? 10_000 : 5_000);
      }
    }
  }
}
