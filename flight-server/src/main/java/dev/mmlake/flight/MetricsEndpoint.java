package dev.mmlake.flight;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;

/**
 * Serves {@link ServerMetrics} in the Prometheus text format at {@code /metrics} on a port of
 * its own ({@code mmlake serve --metrics-port}), on loopback unless another host is given.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;

  private MetricsEndpoint(HTTPServer server) {
    this.server = server;
  }

  /** Starts serving {@code metrics} on {@code host:port} (port 0: any free port). */
  public static MetricsEndpoint start(ServerMetrics metrics, String host, int port)
      throws IOException {
    try {
      return new MetricsEndpoint(HTTPServer.builder().hostname(host).port(port)
          .registry(metrics.registry()).buildAndStart());
    } catch (IOException e) {
      throw new IOException("Cannot serve /metrics on " + host + ":" + port + ": "
          + e.getMessage() + " (pick another port with --metrics-port)", e);
    }
  }

  /** The port bound. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
