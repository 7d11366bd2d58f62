package dev.mmlake.connectors;

import java.util.List;

/** The connectors mmlake ships: one line per connector. */
public final class BuiltinConnectors implements ConnectorProvider {
  @Override
  public List<ConnectorSpec> connectors() {
    return List.of(
        FineWebConnector.SPEC,
        CocoConnector.SPEC,
        LibriSpeechConnector.SPEC,
        MsrVttConnector.SPEC,
        FineVideoConnector.SPEC);
  }
}
