package dev.mmlake.flight;

import dev.mmlake.connectors.DataRoots;
import dev.mmlake.engine.Engine;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mmlake Flight SQL server: binds {@link ServerConfig#host()}, optionally with TLS and
 * username/password auth, and serves the engine through {@link MmlakeFlightSqlProducer}.
 * Refuses to bind beyond loopback without auth, or with passwords over plaintext unless allowed.
 */
public final class MmlakeFlightServer implements AutoCloseable {
  /** The setting that turns the Arrow fast path for plain scans off ({@code false}). */
  public static final String ARROW_SCAN = "flight.arrow-scan";
  private static final Logger LOG = LoggerFactory.getLogger(MmlakeFlightServer.class);

  private final ServerConfig config;
  private final BufferAllocator allocator;
  private final ScheduledExecutorService scheduler;
  private final MmlakeFlightSqlProducer producer;
  private final FlightServer server;

  private MmlakeFlightServer(Engine engine, ServerConfig config, boolean arrowScan)
      throws IOException {
    config.checkSecure();
    this.config = config;
    FlightAuth auth = config.authEnabled() ? FlightAuth.fromFile(config.usersFile())
        : FlightAuth.disabled();
    DataRoots roots = config.connectorRoots(engine.lakehouse().config());
    LOG.info("Connectors read {}", roots.restricted() ? "below " + roots.roots()
        : "anywhere (loopback, no --data-root)");
    this.allocator = new RootAllocator(Long.MAX_VALUE);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mmlake-flight-timer");
      t.setDaemon(true);
      return t;
    });
    this.producer = new MmlakeFlightSqlProducer(engine, config, auth, roots, allocator, scheduler,
        arrowScan);
    Location location = config.tlsEnabled()
        ? Location.forGrpcTls(config.host(), config.port())
        : Location.forGrpcInsecure(config.host(), config.port());
    FlightServer.Builder b = FlightServer.builder(allocator, location, producer);
    if (config.tlsEnabled()) {
      b.useTls(config.tlsCert().toFile(), config.tlsKey().toFile());
    }
    if (auth.enabled()) {
      b.headerAuthenticator(auth.authenticator());
    }
    this.server = b.build();
  }

  /**
   * Builds and starts a server over {@code engine} (which the caller keeps and closes). Plain
   * scans stream straight from the columnar reader unless the lakehouse sets
   * {@value #ARROW_SCAN}{@code =false}.
   */
  public static MmlakeFlightServer start(Engine engine, ServerConfig config) throws IOException {
    return start(engine, config, engine.lakehouse().config().flag(ARROW_SCAN, true));
  }

  /**
   * {@link #start(Engine, ServerConfig)} with plain scans streamed from column batches
   * ({@code arrowScan}) or, like every other query, from the JDBC result set.
   */
  static MmlakeFlightServer start(Engine engine, ServerConfig config, boolean arrowScan)
      throws IOException {
    MmlakeFlightServer s = new MmlakeFlightServer(engine, config, arrowScan);
    try {
      s.server.start();
    } catch (IOException | RuntimeException e) {
      s.close();
      throw new IOException("Cannot listen on " + config.host() + ":" + config.port() + ": "
          + e.getMessage() + " (is another server on that port? pick one with --port)", e);
    }
    LOG.info("Flight SQL listening on {}:{} (tls={}, auth={})", config.host(), s.port(),
        config.tlsEnabled(), config.authEnabled());
    return s;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.getPort();
  }

  public ServerConfig config() {
    return config;
  }

  /** The root Arrow allocator: its peak shows how much memory result streams held at most. */
  public BufferAllocator allocator() {
    return allocator;
  }

  /** Prepared statements open now. */
  public long openStatements() {
    return producer.openStatements();
  }

  /** The server's Prometheus metrics (serve them with {@link MetricsEndpoint}). */
  public ServerMetrics metrics() {
    return producer.metrics();
  }

  /** Engine sessions open now (borrowed or pooled). */
  public int openSessions() {
    return producer.sessions().open();
  }

  /** Blocks until the server shuts down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    try {
      server.shutdown();
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("Stopping the Flight server: {}", e.toString());
    } finally {
      scheduler.shutdownNow();
      producer.close();
      try {
        allocator.close();
      } catch (IllegalStateException leak) {
        LOG.warn("Arrow memory still allocated at shutdown: {}", leak.getMessage());
      }
    }
  }
}
