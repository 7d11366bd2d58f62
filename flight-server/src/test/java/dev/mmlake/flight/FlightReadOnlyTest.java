package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.testing.TinyCoco;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read-only means read-only, through the real JDBC driver: on a server without data roots, a
 * read-only user's plain SELECTs, time travel, system tables and metadata work, and every
 * statement whose functions could write or read server files is refused with PERMISSION_DENIED
 * naming the function, whatever its kind: a connector call, EMBED_TEXT, ANN_DEDUP, and CAS_GET.
 */
class FlightReadOnlyTest extends FlightTestBase {
  private long firstSnapshot;

  @Override
  ServerConfig config() {
    Path users = dir.resolve("users");
    UsersFile.load(users).put("alice", "s3cret!".toCharArray(), false)
        .put("reader", "look-only".toCharArray(), true).save(users);
    return ServerConfig.local(0).withUsers(users);
  }

  @BeforeAll
  void data() throws Exception {
    TinyCoco.write(dir.resolve("coco"), 2);
    try (Connection c = connect("alice", "s3cret!")) {
      update(c, "CREATE TABLE lake.shared (id INTEGER, name VARCHAR)");
      update(c, "INSERT INTO lake.shared VALUES (1, 'one')");
      firstSnapshot = (Long) rows(c, "SELECT snapshot_id FROM lake.\"shared$snapshots\"")
          .get(0).get(0);
      update(c, "INSERT INTO lake.shared VALUES (2, 'two')");
      assertThat(update(c, "INSERT INTO lake.items SELECT * FROM TABLE(read_coco('"
          + dir.resolve("coco/captions.json") + "', '" + dir.resolve("coco/images") + "'))"))
          .isEqualTo(2);
      // a read-write user on this loopback server reads blob bytes
      assertThat(rows(c, "SELECT CAS_GET(content_uri) IS NOT NULL FROM lake.items"))
          .containsOnly(List.of(true));
    }
  }

  @Test
  void readOnlyUserQueriesTimeTravelsAndBrowses() throws Exception {
    try (Connection c = connect("reader", "look-only")) {
      assertThat(rows(c, "SELECT id, UPPER(name) FROM lake.shared ORDER BY id"))
          .containsExactly(List.of(1, "ONE"), List.of(2, "TWO"));
      assertThat(rows(c, "SELECT COUNT(*) FROM lake.\"shared@" + firstSnapshot + "\""))
          .containsExactly(List.of(1L));
      assertThat(rows(c, "SELECT COUNT(*) FROM lake.\"shared$snapshots\""))
          .containsExactly(List.of(2L));
      assertThat(rows(c, "SELECT COUNT(*) FROM lake.items WHERE content_uri LIKE 'cas://%'"))
          .containsExactly(List.of(2L));
      DatabaseMetaData md = c.getMetaData();
      assertThat(md.isReadOnly()).isTrue();
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, "lake", "shared", "%")) {
        while (rs.next()) {
          columns.add(rs.getString("COLUMN_NAME"));
        }
      }
      assertThat(columns).containsExactly("id", "name");
      try (ResultSet rs = md.getTables(null, "lake", "items", null)) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void everyEffectIsRefusedWithTheFunctionNamed() throws Exception {
    long blobs = engine.lakehouse().cas().count();
    // metrics the functions would write (every statement's own run metrics are recorded)
    String functionMetrics = "SELECT COUNT(*) FROM obs.metrics WHERE stage NOT IN ('query', 'sql')";
    long metrics = count(functionMetrics);
    long models = count("SELECT COUNT(*) FROM lake.models");
    try (Connection c = connect("reader", "look-only")) {
      denied(c, "SELECT * FROM TABLE(read_coco('" + dir.resolve("coco/captions.json") + "', '"
          + dir.resolve("coco/images") + "'))", "read_coco reads files on the server");
      denied(c, "SELECT EMBED_TEXT(text) FROM lake.items", "EMBED_TEXT writes lakehouse tables");
      denied(c, "SELECT * FROM TABLE(ANN_DEDUP(CURSOR(SELECT id, CAST(NULL AS REAL ARRAY), "
          + "1.0 FROM lake.items), 0.9))", "ANN_DEDUP writes lakehouse tables");
      denied(c, "SELECT id FROM lake.items WHERE LENGTH(CAS_GET(content_uri)) > 0",
          "CAS_GET reads blob bytes");
      denied(c, "SELECT * FROM TABLE(EXACT_DEDUP(CURSOR(SELECT id, text, 1.0 FROM lake.items)))",
          "EXACT_DEDUP");
      denied(c, "INSERT INTO lake.shared VALUES (3, 'three')", "INSERT statements are refused");
      // still usable after the refusals
      assertThat(rows(c, "SELECT COUNT(*) FROM lake.shared")).containsExactly(List.of(2L));
    }
    assertThat(count("SELECT COUNT(*) FROM lake.shared")).isEqualTo(2L);
    assertThat(count("SELECT COUNT(*) FROM lake.embeddings")).isZero();
    assertThat(count(functionMetrics)).isEqualTo(metrics);
    assertThat(count("SELECT COUNT(*) FROM lake.models")).isEqualTo(models);
    assertThat(engine.lakehouse().cas().count()).isEqualTo(blobs);
  }

  private static void denied(Connection c, String sql, String expected) {
    assertThatThrownBy(() -> rows(c, sql)).as(sql).isInstanceOf(SQLException.class)
        .hasMessageContaining("PERMISSION_DENIED: ")
        .hasMessageContaining("Permission denied: user reader is read-only")
        .hasMessageContaining(expected);
  }

  private long count(String sql) throws SQLException {
    try (Connection c = connect("alice", "s3cret!")) {
      return (Long) rows(c, sql).get(0).get(0);
    }
  }
}
