package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The columnar Parquet reader returns exactly what Iceberg's generic reader returns: every
 * decoded type, nulls, empty and null lists, schema evolution, batch filters, and the order of a
 * parallel scan.
 */
class ColumnarScanTest extends EngineTestBase {

  /** Runs {@code sql} on the same lakehouse with other scan settings. */
  private List<List<Object>> rowsWith(String key, String value, String sql) {
    LakehouseConfig config = LakehouseConfig.embedded(dir.resolve("lakehouse")).with(key, value);
    try (Engine other = Engine.of(Lakehouse.open(config));
        Session s = other.newSession("test")) {
      return QueryRows.of(s, sql);
    }
  }

  private void assertSameAsGeneric(String sql) {
    List<List<Object>> columnar = rows(sql);
    assertThat(comparable(columnar)).as(sql)
        .isEqualTo(comparable(rowsWith("scan.reader", "generic", sql)));
  }

  /** The rows with VARBINARY values as hex, since arrays do not compare by content. */
  private static List<List<Object>> comparable(List<List<Object>> rows) {
    return rows.stream().map(r -> r.stream()
        .map(v -> v instanceof byte[] b ? (Object) ("0x" + HexFormat.of().formatHex(b)) : v)
        .toList()).toList();
  }

  private void createAllTypes() {
    exec("CREATE TABLE lake.all_types (id BIGINT NOT NULL, i INTEGER, s VARCHAR, d DOUBLE, "
        + "f REAL, b BOOLEAN, dt DATE, ts TIMESTAMP, raw VARBINARY, v FLOAT ARRAY, "
        + "ids BIGINT ARRAY, tags VARCHAR ARRAY, amount DECIMAL(10, 2))");
    exec("INSERT INTO lake.all_types VALUES "
        + "(1, 7, 'news', 1.5, CAST(0.25 AS REAL), TRUE, DATE '2026-01-02', "
        + "TIMESTAMP '2026-01-02 03:04:05.678', X'CAFE', ARRAY[0.5, -1.25, 3.0], "
        + "ARRAY[1, 2], ARRAY['a', 'b'], 12.34), "
        + "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
        + "(3, -1, 'web', CAST('NaN' AS DOUBLE), CAST(-0.5 AS REAL), FALSE, DATE '1969-12-31', "
        + "TIMESTAMP '1969-12-31 23:59:59.999', X'', ARRAY[CAST(1.0 AS FLOAT)], "
        + "ARRAY[CAST(-5 AS BIGINT)], ARRAY['x'], -0.01)");
    exec("INSERT INTO lake.all_types VALUES (4, 4, 'news', 4.0, CAST(4 AS REAL), TRUE, "
        + "DATE '2026-12-01', TIMESTAMP '2026-12-01 00:00:00', X'00FF', ARRAY[4.0, 4.5], "
        + "ARRAY[4], ARRAY['y', 'z'], 4.00)");
  }

  @Test
  void everyTypeReadsAsTheGenericReaderReadsIt() {
    createAllTypes();
    assertSameAsGeneric("SELECT * FROM lake.all_types ORDER BY id");
    assertSameAsGeneric("SELECT v, id FROM lake.all_types ORDER BY id");
    List<List<Object>> rows = rows("SELECT id, s, v, ts FROM lake.all_types ORDER BY id");
    assertThat(rows.get(0).get(1)).isEqualTo("news");
    assertThat(rows.get(0).get(2)).isEqualTo(List.of(0.5f, -1.25f, 3.0f));
    assertThat(rows.get(1)).containsExactly(2L, null, null, null); // a null list is null
    assertThat(rows.get(0).get(3).toString()).startsWith("2026-01-02 03:04:05.678");
  }

  @Test
  void batchFiltersKeepExactlyTheMatchingRows() {
    createAllTypes();
    for (String where : List.of("s = 'news'", "s <> 'news'", "s IN ('web', 'x')",
        "i > 0", "i <= 4", "d < 2", "d >= 1.5", "f > 0", "b = TRUE", "b = FALSE",
        "dt < DATE '2000-01-01'", "ts >= TIMESTAMP '2026-01-02 03:04:05.678'",
        "s IS NULL", "s IS NOT NULL", "NOT (s = 'news')", "i = 7 OR s = 'web'",
        "id IN (1, 3, 4)", "s LIKE 'ne%'", "amount > 0")) {
      assertSameAsGeneric("SELECT id FROM lake.all_types WHERE " + where + " ORDER BY id");
    }
    assertThat(rows("SELECT id FROM lake.all_types WHERE s = 'news' ORDER BY id"))
        .containsExactly(List.of(1L), List.of(4L));
    assertThat(rows("SELECT id FROM lake.all_types WHERE d >= 1.5 ORDER BY id"))
        .containsExactly(List.of(1L), List.of(4L)); // NaN >= 1.5 is false in SQL as in Java
  }

  @Test
  void columnsAddedOrWidenedLaterReadFromOldFiles() {
    exec("CREATE TABLE lake.evolving (id INTEGER, n INTEGER, x REAL)");
    exec("INSERT INTO lake.evolving VALUES (1, 10, CAST(1.5 AS REAL)), (2, NULL, NULL)");
    Table t = engine.lakehouse().catalog().loadTable(TableIdentifier.of("lake", "evolving"));
    t.updateSchema().addColumn("note", Types.StringType.get())
        .updateColumn("n", Types.LongType.get())
        .updateColumn("x", Types.DoubleType.get()).commit();
    exec("INSERT INTO lake.evolving VALUES (3, 30000000000, 2.25, 'new')");
    assertSameAsGeneric("SELECT * FROM lake.evolving ORDER BY id");
    assertThat(rows("SELECT id, n, x, note FROM lake.evolving ORDER BY id")).containsExactly(
        Arrays.asList(1, 10L, 1.5, null), Arrays.asList(2, null, null, null),
        List.of(3, 30000000000L, 2.25, "new"));
  }

  @Test
  void parallelScanKeepsTheSequentialOrderAndStopsEarly() {
    exec("CREATE TABLE lake.many (id INTEGER, s VARCHAR)");
    for (int f = 0; f < 12; f++) {
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        int id = f * 50 + (i * 7) % 50;
        values.append(values.length() == 0 ? "" : ", ").append("(" + id + ", 's" + id + "')");
      }
      exec("INSERT INTO lake.many VALUES " + values);
    }
    List<List<Object>> sequential = rowsWith("scan.threads", "1", "SELECT id, s FROM lake.many");
    assertThat(sequential).hasSize(600);
    assertThat(rowsWith("scan.threads", "4", "SELECT id, s FROM lake.many"))
        .isEqualTo(sequential);
    assertThat(rowsWith("scan.threads", "4", "SELECT id FROM lake.many LIMIT 3")).hasSize(3);
    // a scan closed early leaves nothing behind: the next statement reads everything
    assertThat(scalar("SELECT SUM(id) FROM lake.many")).isEqualTo(599 * 600 / 2);
  }

  @Test
  void badScanSettingsAreRefusedWithTheFix() {
    exec("CREATE TABLE lake.single (id INTEGER)");
    exec("INSERT INTO lake.single VALUES (1)");
    assertThatThrownBy(
        () -> rowsWith("scan.threads", "zero", "SELECT id FROM lake.single"))
        .hasMessageContaining("scan.threads must be a whole number >= 1");
    assertThatThrownBy(
        () -> rowsWith("scan.reader", "fast", "SELECT id FROM lake.single"))
        .hasMessageContaining("scan.reader must be columnar or generic");
  }
}
