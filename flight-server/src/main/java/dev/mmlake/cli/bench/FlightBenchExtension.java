package dev.mmlake.cli.bench;

import dev.mmlake.cli.CliExtension;

/**
 * Contributes {@code mmlake bench concurrency}, which runs a Flight SQL server and its JDBC clients
 * next to the writer processes (registered for {@link java.util.ServiceLoader}).
 */
public final class FlightBenchExtension implements CliExtension {
  @Override
  public Object command() {
    return new ConcurrencyCommand();
  }

  @Override
  public String parent() {
    return "bench";
  }
}
