package dev.mmlake.flight;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the Flight SQL server listens and what it allows.
 *
 * @param host address to bind; anything but loopback requires {@code usersFile}
 * @param port TCP port, 0 for an ephemeral one
 * @param usersFile users and password hashes (see {@link UsersFile}); null turns auth off
 * @param tlsCert PEM certificate chain, or null for plaintext
 * @param tlsKey PEM private key (PKCS#8) matching {@code tlsCert}
 * @param maxRows most rows one query may return, 0 for no limit
 * @param queryTimeout longest a query may run, {@link Duration#ZERO} for no limit
 * @param idleTimeout how long an unused prepared statement or idle session is kept
 */
public record ServerConfig(String host, int port, Path usersFile, Path tlsCert, Path tlsKey,
    long maxRows, Duration queryTimeout, Duration idleTimeout) {
  /** The default port, as in {@code jdbc:arrow-flight-sql://localhost:31337}. */
  public static final int DEFAULT_PORT = 31337;

  public ServerConfig {
    Objects.requireNonNull(host, "host is null");
    Objects.requireNonNull(queryTimeout, "queryTimeout is null");
    Objects.requireNonNull(idleTimeout, "idleTimeout is null");
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("TLS needs both --tls-cert and --tls-key (PEM files)");
    }
    if (maxRows < 0) {
      throw new IllegalArgumentException("--max-rows must be 0 (no limit) or positive");
    }
    if (idleTimeout.isZero() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("--idle-timeout must be positive");
    }
  }

  /** Loopback, no auth, no TLS, no limits: for tests and local use. */
  public static ServerConfig local(int port) {
    return new ServerConfig("127.0.0.1", port, null, null, null, 0, Duration.ZERO,
        Duration.ofMinutes(10));
  }

  public ServerConfig withUsers(Path users) {
    return new ServerConfig(host, port, users, tlsCert, tlsKey, maxRows, queryTimeout, idleTimeout);
  }

  public ServerConfig withTls(Path cert, Path key) {
    return new ServerConfig(host, port, usersFile, cert, key, maxRows, queryTimeout, idleTimeout);
  }

  public ServerConfig withLimits(long rows, Duration timeout) {
    return new ServerConfig(host, port, usersFile, tlsCert, tlsKey, rows, timeout, idleTimeout);
  }

  public ServerConfig withIdleTimeout(Duration idle) {
    return new ServerConfig(host, port, usersFile, tlsCert, tlsKey, maxRows, queryTimeout, idle);
  }

  public boolean authEnabled() {
    return usersFile != null;
  }

  public boolean tlsEnabled() {
    return tlsCert != null;
  }

  /** True when {@link #host} only accepts connections from this machine. */
  public boolean isLoopback() {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1")
        || host.startsWith("127.");
  }

  /** Refuses configurations that would expose the lakehouse without authentication. */
  public void checkSecure() {
    if (!isLoopback() && !authEnabled()) {
      throw new IllegalArgumentException("Binding to " + host + " exposes the lakehouse to the "
          + "network: pass --users-file (create users with `mmlake serve --add-user NAME "
          + "--users-file FILE`), and preferably --tls-cert/--tls-key, or bind to 127.0.0.1");
    }
  }
}
