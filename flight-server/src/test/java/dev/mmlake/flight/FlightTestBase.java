package dev.mmlake.flight;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One temp lakehouse and one Flight SQL server per test class, reached through the real Arrow
 * Flight SQL JDBC driver over loopback on an ephemeral port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FlightTestBase {
  static {
    System.setProperty("org.slf4j.simpleLogger.log.dev.mmlake.flight", "info");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
  }

  Path dir;
  Engine engine;
  MmlakeFlightServer server;

  /** The server configuration for this class; plain loopback by default. */
  ServerConfig config() {
    return ServerConfig.local(0);
  }

  /** The lakehouse configuration for this class; an embedded lakehouse in {@code home}. */
  LakehouseConfig lakehouseConfig(Path home) {
    return LakehouseConfig.embedded(home);
  }

  @BeforeAll
  void startServer() throws Exception {
    Class.forName("org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver");
    dir = Files.createTempDirectory("mmlake-flight-test");
    engine = Engine.open(lakehouseConfig(dir.resolve("lakehouse")));
    server = MmlakeFlightServer.start(engine, config());
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
    if (engine != null) {
      engine.close();
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  String url() {
    return "jdbc:arrow-flight-sql://127.0.0.1:" + server.port() + "?useEncryption=false";
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), new Properties());
  }

  Connection connect(String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return DriverManager.getConnection(url(), p);
  }

  static long update(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      return st.executeUpdate(sql);
    }
  }

  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return drain(rs);
    }
  }

  static List<List<Object>> drain(ResultSet rs) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<Object> row = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        Object v = rs.getObject(i);
        if (v instanceof Array a) {
          v = Arrays.asList((Object[]) a.getArray()); // before the result set closes
        }
        row.add(v);
      }
      out.add(row);
    }
    return out;
  }
}
