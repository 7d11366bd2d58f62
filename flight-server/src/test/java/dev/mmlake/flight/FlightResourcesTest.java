package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leaked prepared statements expire; row and time limits stop runaway queries. */
class FlightResourcesTest extends FlightTestBase {
  /** One million rows from a cross join of small VALUES lists, streamed without any table. */
  private static final String MILLION = "SELECT a.x * 10000 + b.y * 100 + c.z FROM "
      + values("a(x)") + ", " + values("b(y)") + ", " + values("c(z)");

  private static String values(String alias) {
    StringBuilder b = new StringBuilder("(VALUES ");
    for (int i = 0; i < 100; i++) {
      b.append(i == 0 ? "" : ", ").append(i);
    }
    return b.append(") AS ").append(alias).toString();
  }

  @Override
  ServerConfig config() {
    return ServerConfig.local(0).withIdleTimeout(Duration.ofSeconds(2));
  }

  @Test
  void leakedPreparedStatementsExpireAndSessionsAreReused() throws Exception {
    try (Connection c = connect()) {
      List<PreparedStatement> leaked = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        PreparedStatement ps = c.prepareStatement("SELECT " + i + " + ?");
        leaked.add(ps);
      }
      assertThat(server.openStatements()).isGreaterThanOrEqualTo(4);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (server.openStatements() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(server.openStatements()).isZero();
      PreparedStatement expired = leaked.get(0);
      expired.setInt(1, 1);
      assertThatThrownBy(expired::executeQuery).isInstanceOf(SQLException.class)
          .hasMessageContaining("expired");
      // idle sessions are closed too
      while (server.openSessions() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(server.openSessions()).isZero();
    }
  }

  @Test
  void rowLimitStopsLargeResults() throws Exception {
    try (MmlakeFlightServer limited = MmlakeFlightServer.start(engine,
        ServerConfig.local(0).withLimits(1000, Duration.ZERO));
         Connection c = DriverManager.getConnection(urlOf(limited))) {
      assertThat(rows(c, "SELECT x FROM " + values("t(x)"))).hasSize(100);
      assertThatThrownBy(() -> rows(c, MILLION)).isInstanceOf(SQLException.class)
          .hasMessageContaining("--max-rows");
    }
  }

  @Test
  void queryTimeoutStopsLongQueries() throws Exception {
    try (MmlakeFlightServer limited = MmlakeFlightServer.start(engine,
        ServerConfig.local(0).withLimits(0, Duration.ofSeconds(2)));
         Connection c = DriverManager.getConnection(urlOf(limited))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(MILLION)) {
          for (long n = 1; rs.next(); n++) {
            if (n % 4096 == 0) {
              Thread.sleep(50); // a slow client keeps the query running past its limit
            }
          }
        }
      }).isInstanceOf(SQLException.class).hasMessageContaining("--query-timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    }
  }

  private static String urlOf(MmlakeFlightServer s) {
    return "jdbc:arrow-flight-sql://127.0.0.1:" + s.port() + "?useEncryption=false";
  }
}
