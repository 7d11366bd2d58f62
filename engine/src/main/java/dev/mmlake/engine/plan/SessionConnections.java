package dev.mmlake.engine.plan;

import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;

/**
 * Opens the Calcite connection of an mmlake session. The connection prepares statements with
 * {@link MmlakePrepare}; nothing is registered with {@link java.sql.DriverManager} or in JVM-wide
 * Calcite hooks, so other Calcite connections in the same JVM plan exactly as before.
 */
public final class SessionConnections {
  private SessionConnections() {
  }

  /** A connection with {@code info} whose statements use the trees offered to {@code parsed}. */
  public static CalciteConnection open(Properties info, ParsedStatements parsed)
      throws SQLException {
    Driver driver = new Driver().withPrepareFactory(() -> new MmlakePrepare(parsed));
    return driver.connect("jdbc:calcite:", info).unwrap(CalciteConnection.class);
  }
}
