package dev.mmlake.flight;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.connectors.DataRoots;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * @param dataRoots folders connectors may read ({@code --data-root}); see {@link #connectorRoots}
 * @param allowInsecureAuth accept passwords over plaintext beyond loopback
 *     ({@code --allow-insecure-auth})
 */
public record ServerConfig(String host, int port, Path usersFile, Path tlsCert, Path tlsKey,
    long maxRows, Duration queryTimeout, Duration idleTimeout, List<Path> dataRoots,
    boolean allowInsecureAuth) {
  /** The default port, as in {@code jdbc:arrow-flight-sql://localhost:31337}. */
  public static final int DEFAULT_PORT = 31337;

  public ServerConfig {
    Objects.requireNonNull(host, "host is null");
    Objects.requireNonNull(queryTimeout, "queryTimeout is null");
    Objects.requireNonNull(idleTimeout, "idleTimeout is null");
    dataRoots = List.copyOf(Objects.requireNonNull(dataRoots, "dataRoots is null"));
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

  /** A configuration without data roots that refuses passwords over plaintext off loopback. */
  public ServerConfig(String host, int port, Path usersFile, Path tlsCert, Path tlsKey,
      long maxRows, Duration queryTimeout, Duration idleTimeout) {
    this(host, port, usersFile, tlsCert, tlsKey, maxRows, queryTimeout, idleTimeout, List.of(),
        false);
  }

  /** Loopback, no auth, no TLS, no limits: for tests and local use. */
  public static ServerConfig local(int port) {
    return new ServerConfig("127.0.0.1", port, null, null, null, 0, Duration.ZERO,
        Duration.ofMinutes(10));
  }

  public ServerConfig withUsers(Path users) {
    return new ServerConfig(host, port, users, tlsCert, tlsKey, maxRows, queryTimeout, idleTimeout,
        dataRoots, allowInsecureAuth);
  }

  public ServerConfig withTls(Path cert, Path key) {
    return new ServerConfig(host, port, usersFile, cert, key, maxRows, queryTimeout, idleTimeout,
        dataRoots, allowInsecureAuth);
  }

  public ServerConfig withLimits(long rows, Duration timeout) {
    return new ServerConfig(host, port, usersFile, tlsCert, tlsKey, rows, timeout, idleTimeout,
        dataRoots, allowInsecureAuth);
  }

  public ServerConfig withIdleTimeout(Duration idle) {
    return new ServerConfig(host, port, usersFile, tlsCert, tlsKey, maxRows, queryTimeout, idle,
        dataRoots, allowInsecureAuth);
  }

  /** The same with {@code roots} as the {@code --data-root} folders. */
  public ServerConfig withDataRoots(List<Path> roots) {
    return new ServerConfig(host, port, usersFile, tlsCert, tlsKey, maxRows, queryTimeout,
        idleTimeout, roots, allowInsecureAuth);
  }

  /** The same, accepting passwords over plaintext beyond loopback. */
  public ServerConfig withInsecureAuthAllowed() {
    return new ServerConfig(host, port, usersFile, tlsCert, tlsKey, maxRows, queryTimeout,
        idleTimeout, dataRoots, true);
  }

  public boolean authEnabled() {
    return usersFile != null;
  }

  public boolean tlsEnabled() {
    return tlsCert != null;
  }

  /**
   * True when {@link #host} only accepts connections from this machine: it resolves to a
   * loopback address ({@code 127.0.0.0/8}, {@code ::1}). A name that does not resolve is not.
   */
  public boolean isLoopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * The folders the server's connectors may read: the {@code --data-root} folders and those of
   * the lakehouse's {@value DataRoots#CONFIG_KEY} setting; with neither, every folder on a
   * loopback server (it serves the local user) and none beyond loopback.
   */
  public DataRoots connectorRoots(LakehouseConfig lakehouse) {
    List<Path> all = new ArrayList<>(dataRoots);
    all.addAll(DataRoots.parse(lakehouse.get(DataRoots.CONFIG_KEY, null)));
    if (all.isEmpty() && isLoopback()) {
      return DataRoots.unrestricted();
    }
    return DataRoots.only(all);
  }

  /**
   * Refuses configurations that would expose the lakehouse without authentication, or send
   * passwords over the network in clear text.
   */
  public void checkSecure() {
    boolean loopback = isLoopback();
    if (!loopback && !authEnabled()) {
      throw new IllegalArgumentException("Binding to " + host + " exposes the lakehouse to the "
          + "network: pass --users-file (create users with `mmlake serve --add-user NAME "
          + "--users-file FILE`), and preferably --tls-cert/--tls-key, or bind to 127.0.0.1");
    }
    if (!loopback && authEnabled() && !tlsEnabled() && !allowInsecureAuth) {
      throw new IllegalArgumentException("Binding to " + host + " without TLS would send "
          + "passwords and tokens over the network in clear text: pass --tls-cert/--tls-key, "
          + "or --allow-insecure-auth if the network is trusted (e.g. behind a TLS proxy)");
    }
  }
}
