package dev.mmlake.cli.serve;

import dev.mmlake.cli.CliExtension;

/** Contributes {@code mmlake serve} to the CLI (registered for {@link java.util.ServiceLoader}). */
public final class FlightCliExtension implements CliExtension {
  @Override
  public Object command() {
    return new ServeCommand();
  }
}
