package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

/** Queries, parameters, updates, DDL, time travel and errors through the Flight SQL JDBC driver. */
class FlightSqlTest extends FlightTestBase {

  @Test
  void selectWithParameterInsertAndCtas() throws Exception {
    try (Connection c = connect()) {
      assertThat(update(c, "CREATE TABLE lake.people (id BIGINT, name VARCHAR, score DOUBLE)"))
          .isZero();
      assertThat(update(c, "INSERT INTO lake.people VALUES (1, 'ada', 1.5), (2, 'bob', 2.5), "
          + "(3, 'cy', 3.5)")).isEqualTo(3);
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, name FROM lake.people WHERE score > ? ORDER BY id")) {
        ps.setDouble(1, 2.0);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(drain(rs)).containsExactly(List.of(2L, "bob"), List.of(3L, "cy"));
        }
        ps.setDouble(1, 3.0);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(drain(rs)).containsExactly(List.of(3L, "cy"));
        }
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO lake.people VALUES (?, ?, ?)")) {
        ins.setLong(1, 4);
        ins.setString(2, "dee");
        ins.setDouble(3, 4.5);
        assertThat(ins.executeUpdate()).isEqualTo(1);
      }
      assertThat(update(c, "CREATE TABLE lake.high AS SELECT id, name FROM lake.people "
          + "WHERE score > 2")).isEqualTo(3);
      assertThat(rows(c, "SELECT COUNT(*) FROM lake.high")).containsExactly(List.of(3L));
      assertThat(rows(c, "SELECT name FROM lake.people WHERE id = 4"))
          .containsExactly(List.of("dee"));
    }
  }

  @Test
  void ddlRunsExactlyOnce() throws Exception {
    try (Connection c = connect()) {
      update(c, "CREATE TABLE lake.once (id INTEGER)");
      assertThatThrownBy(() -> update(c, "CREATE TABLE lake.once (id INTEGER)"))
          .isInstanceOf(SQLException.class).hasMessageContaining("once");
      assertThat(rows(c, "SELECT COUNT(*) FROM lake.once")).containsExactly(List.of(0L));
    }
  }

  @Test
  void readsATaggedVersion() throws Exception {
    try (Connection c = connect()) {
      update(c, "CREATE TABLE lake.tt (id INTEGER, v REAL ARRAY)");
      update(c, "INSERT INTO lake.tt VALUES (1, ARRAY[CAST(1.5 AS REAL), CAST(2.5 AS REAL)])");
      Table t = engine.lakehouse().table("lake.tt");
      t.manageSnapshots().createTag("v1", t.currentSnapshot().snapshotId()).commit();
      update(c, "INSERT INTO lake.tt VALUES (2, ARRAY[CAST(3 AS REAL)])");
      assertThat(rows(c, "SELECT COUNT(*) FROM lake.tt")).containsExactly(List.of(2L));
      List<List<Object>> v1 = rows(c, "SELECT id, v FROM lake.\"tt@v1\"");
      assertThat(v1).hasSize(1);
      assertThat(v1.get(0).get(0)).isEqualTo(1);
      assertThat(v1.get(0).get(1)).isEqualTo(List.of(1.5f, 2.5f));
    }
  }

  @Test
  void errorsReachTheClientWithTheirPosition() throws Exception {
    try (Connection c = connect()) {
      assertThatThrownBy(() -> rows(c, "SELECT nosuchcolumn\nFROM lake.items"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("line 1, column 8")
          .hasMessageContaining("nosuchcolumn");
      assertThatThrownBy(() -> rows(c, "SELEC 1"))
          .isInstanceOf(SQLException.class).hasMessageContaining("line 1, column 1");
      assertThatThrownBy(() -> rows(c, "SELECT * FROM lake.missing_table"))
          .isInstanceOf(SQLException.class).hasMessageContaining("missing_table");
      // the connection still works after errors
      assertThat(rows(c, "SELECT 1 + 1")).containsExactly(List.of(2));
    }
  }

  @Test
  void eightConcurrentClientsEachWithTheirOwnTable() throws Exception {
    int clients = 8;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<List<Object>>>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          try (Connection c = connect()) {
            update(c, "CREATE TABLE lake.client" + n + " (id BIGINT, owner INTEGER)");
            StringBuilder values = new StringBuilder();
            for (int r = 0; r < 10 + n; r++) {
              values.append(r == 0 ? "" : ", ").append("(").append(r).append(", ").append(n)
                  .append(")");
            }
            update(c, "INSERT INTO lake.client" + n + " VALUES " + values);
            update(c, "INSERT INTO lake.client" + n + " VALUES (1000, " + n + ")");
            return rows(c, "SELECT COUNT(*), MIN(owner), MAX(owner), SUM(id) FROM lake.client" + n);
          }
        }));
      }
      for (int i = 0; i < clients; i++) {
        long count = 10 + i + 1;
        long sum = (long) (9 + i) * (10 + i) / 2 + 1000;
        assertThat(results.get(i).get()).containsExactly(List.of(count, i, i, sum));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
