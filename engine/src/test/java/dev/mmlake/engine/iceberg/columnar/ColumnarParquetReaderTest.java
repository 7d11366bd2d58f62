package dev.mmlake.engine.iceberg.columnar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
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
}
