package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Egress in a run's cost: the Arrow bytes a Flight SQL query streams to its client (through the
 * real JDBC driver over loopback) are that run's {@code egress_bytes} in {@code obs.metrics} and
 * its lineage cost facet, equal to what {@code mmlake_bytes_streamed_total} counted for the
 * stream, and priced with {@code cost.egress-gb}; a query run in-process sends nothing.
 */
class FlightEgressTest extends FlightTestBase {
  /** Price of one GB sent; every other resource is free, so a run's cost is its egress. */
  private static final double EGRESS_GB = 1000;
  private static final int ROWS = 10_000;
  private static final String VALUES = "(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, "
      + "14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, "
      + "36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, "
      + "58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, "
      + "80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99)";
  /** 10,000 BIGINT rows: three Arrow batches (4096 + 4096 + 1808 rows). */
  private static final String STREAMED = "SELECT CAST(a.x * 100 + b.y AS BIGINT) AS egress_probe "
      + "FROM " + VALUES + " AS a(x), " + VALUES + " AS b(y)";
  private static final String IN_PROCESS = "SELECT CAST(a.x AS BIGINT) AS in_process_probe FROM "
      + VALUES + " AS a(x)";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  LakehouseConfig lakehouseConfig(Path home) {
    return LakehouseConfig.embedded(home).with("cost.cpu-second", "0")
        .with("cost.gpu-second", "0").with("cost.memory-gb-second", "0")
        .with("cost.storage-gb-month", "0").with("cost.egress-gb", String.valueOf(EGRESS_GB));
  }

  @Test
  void aFlightQueryRecordsTheBytesItStreamedAsEgressPricedPerGb() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(server.metrics(), "127.0.0.1", 0);
         Connection c = connect()) {
      double before = bytesStreamed(endpoint);
      List<List<Object>> rows = rows(c, STREAMED);
      double streamed = bytesStreamed(endpoint) - before;
      assertThat(rows).hasSize(ROWS);

      String runId = runIdOf(STREAMED);
      Map<String, Double> m = runMetrics(runId);
      long egress = m.get("egress_bytes").longValue();
      // the data is 8 bytes a row plus a validity bit a row: 81,250 bytes in three batches
      assertThat(egress).isEqualTo((long) streamed).isBetween(ROWS * 8L, ROWS * 8L + 2_000);
      assertThat(m.get("cost")).isCloseTo(egress / 1e9 * EGRESS_GB, within(1e-12)).isPositive();

      JsonNode cost = completeEvent(runId).at("/run/facets/mmlake_cost");
      assertThat(cost.get("egressBytes").asLong()).isEqualTo(egress);
      assertThat(cost.get("cost").asDouble()).isCloseTo(m.get("cost"), within(1e-12));
    }
  }

  @Test
  void aQueryRunInProcessSendsNoEgress() throws Exception {
    try (Session s = engine.newSession(); StatementResult r = s.execute(IN_PROCESS)) {
      ResultSet rs = r.resultSet();
      int n = 0;
      while (rs.next()) {
        n++;
      }
      assertThat(n).isEqualTo(100);
    }
    Map<String, Double> m = runMetrics(runIdOf(IN_PROCESS));
    assertThat(m.get("egress_bytes")).isZero();
    assertThat(m.get("cost")).isZero();
  }

  private double bytesStreamed(MetricsEndpoint endpoint) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    return FlightMetricsTest.parse(r.body()).stream()
        .filter(s -> s.name().equals("mmlake_bytes_streamed_total"))
        .mapToDouble(FlightMetricsTest.Sample::value).sum();
  }

  /** The run of the one statement with text {@code sql}, read in-process (flushes obs). */
  private String runIdOf(String sql) throws SQLException {
    List<List<Object>> ids = inProcess("SELECT run_id FROM obs.runs WHERE statement_text = '"
        + sql + "'");
    assertThat(ids).as("obs.runs row of %s", sql).hasSize(1);
    return (String) ids.get(0).get(0);
  }

  /** metric -> value of the run's stage-level rows (labels without a modality). */
  private Map<String, Double> runMetrics(String runId) throws SQLException {
    Map<String, Double> out = new HashMap<>();
    for (List<Object> r : inProcess("SELECT metric, \"value\", unit FROM obs.metrics WHERE "
        + "run_id = '" + runId + "' AND stage = 'query' AND metric IN ('egress_bytes', 'cost')")) {
      assertThat(out.put((String) r.get(0), ((Number) r.get(1)).doubleValue()))
          .as("one %s row", r.get(0)).isNull();
      if ("egress_bytes".equals(r.get(0))) {
        assertThat(r.get(2)).isEqualTo("bytes");
      }
    }
    assertThat(out).containsKeys("egress_bytes", "cost");
    return out;
  }

  private JsonNode completeEvent(String runId) throws Exception {
    List<List<Object>> events = inProcess("SELECT event FROM obs.lineage_events WHERE run_id = '"
        + runId + "' AND event_type = 'COMPLETE'");
    assertThat(events).hasSize(1);
    return JSON.readTree((String) events.get(0).get(0));
  }

  private List<List<Object>> inProcess(String sql) throws SQLException {
    try (Session s = engine.newSession(); StatementResult r = s.execute(sql)) {
      ResultSet rs = r.resultSet();
      int n = rs.getMetaData().getColumnCount();
      List<List<Object>> out = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        out.add(row);
      }
      return out;
    }
  }
}
