package dev.mmlake.connectors;

import java.util.List;

/**
 * The service interface through which connectors register, found with
 * {@link java.util.ServiceLoader}: an implementation lists its connectors' specs, and is named
 * in {@code META-INF/services/dev.mmlake.connectors.ConnectorProvider}. mmlake's own connectors
 * are listed by {@link BuiltinConnectors}; a plugin jar ships its own provider.
 *
 * <p>Implementations need a public no-argument constructor and must not read any source when
 * {@link #connectors()} is called.
 */
public interface ConnectorProvider {
  /** The specs of this provider's connectors, in the order they are listed to users. */
  List<ConnectorSpec> connectors();
}
