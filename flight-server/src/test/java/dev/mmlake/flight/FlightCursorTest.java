package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CURSOR arguments are part of the statement's plan: a {@code ?} inside a cursor is bound like any
 * other parameter, and errors inside a cursor point into the user's own text.
 */
class FlightCursorTest extends FlightTestBase {

  @Test
  void parameterInsideCursorBindsPerExecution() throws Exception {
    try (Connection c = connect()) {
      update(c, "CREATE TABLE lake.docs (id VARCHAR, k VARCHAR, q DOUBLE)");
      update(c, "INSERT INTO lake.docs VALUES ('a', 'x', 0.9), ('b', 'x', 0.5), ('c', 'y', 0.7),"
          + " ('d', 'y', 0.8), ('e', 'z', 0.1)");
      String sql = "SELECT id, kept FROM TABLE(EXACT_DEDUP(CURSOR(\n"
          + "  SELECT id, k, q FROM lake.docs WHERE q >= ?))) ORDER BY id";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setDouble(1, 0.6);
        try (ResultSet rs = ps.executeQuery()) {
          // a, c, d pass the filter; c and d share key y and d has the higher quality
          assertThat(drain(rs)).containsExactly(List.of("a", true), List.of("c", false),
              List.of("d", true));
        }
        ps.setDouble(1, 0.0);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(drain(rs)).containsExactly(List.of("a", true), List.of("b", false),
              List.of("c", false), List.of("d", true), List.of("e", true));
        }
      }
    }
  }

  @Test
  void errorInsideCursorNamesLineAndColumnOfUserText() throws Exception {
    try (Connection c = connect()) {
      update(c, "CREATE TABLE lake.items2 (id VARCHAR, k VARCHAR)");
      String sql = "SELECT *\n"
          + "FROM TABLE(EXACT_DEDUP(CURSOR(\n"
          + "  SELECT id, no_such_column FROM lake.items2)))";
      assertThatThrownBy(() -> rows(c, sql)).isInstanceOf(SQLException.class)
          .hasMessageContaining("line 3, column 14")
          .hasMessageContaining("no_such_column");
    }
  }
}
