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
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelFlightInfoResult;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** Leaked prepared statements expire; cancel, row and time limits stop runaway queries. */
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
      // a client coming back to an expired handle gets it prepared again transparently
      PreparedStatement expired = leaked.get(2);
      expired.setInt(1, 40);
      try (ResultSet rs = expired.executeQuery()) {
        assertThat(drain(rs)).containsExactly(List.of(42));
      }
      expired.close();
      leaked.remove(expired);
      leaked.forEach(ps -> {
        try {
          ps.close();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(server.openStatements()).isZero();
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
    String hundredMillion = MILLION + ", " + values("d(w)");
    try (MmlakeFlightServer limited = MmlakeFlightServer.start(engine,
        ServerConfig.local(0).withLimits(0, Duration.ofSeconds(2)));
         Connection c = DriverManager.getConnection(urlOf(limited))) {
      long start = System.nanoTime();
      long[] seen = {0};
      assertThatThrownBy(() -> {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery(hundredMillion)) {
          while (rs.next()) {
            seen[0]++;
          }
        }
      }).hasMessageContaining("--query-timeout")
          .satisfies(t -> assertThat(t.toString()).contains("TIMED_OUT"));
      assertThat(seen[0]).isLessThan(100_000_000L);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
      assertThat(rows(c, "SELECT 1")).containsExactly(List.of(1)); // the server still answers
    }
  }

  @Test
  void cancelStopsARunningQuery() throws Exception {
    try (BufferAllocator a = new RootAllocator();
         FlightSqlClient sql = new FlightSqlClient(FlightClient.builder(a,
             Location.forGrpcInsecure("127.0.0.1", server.port())).build())) {
      FlightInfo info = sql.execute(MILLION + ", " + values("d(w)")); // 100 million rows
      try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
        assertThat(stream.next()).isTrue();
        CancelFlightInfoResult result = sql.cancelFlightInfo(new CancelFlightInfoRequest(info));
        assertThat(result.getStatus()).isEqualTo(CancelStatus.CANCELLED);
        long[] rows = {0};
        assertThatThrownBy(() -> {
          while (stream.next()) {
            rows[0] += stream.getRoot().getRowCount();
          }
        }).isInstanceOf(FlightRuntimeException.class)
            .satisfies(t -> assertThat(((FlightRuntimeException) t).status().code())
                .isEqualTo(FlightStatusCode.CANCELLED));
        assertThat(rows[0]).isLessThan(100_000_000L);
      }
    }
  }

  private static String urlOf(MmlakeFlightServer s) {
    return "jdbc:arrow-flight-sql://127.0.0.1:" + s.port() + "?useEncryption=false";
  }
}
