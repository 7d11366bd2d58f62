package dev.mmlake.cli.serve;

import dev.mmlake.cli.LakehouseOptions;
import dev.mmlake.cli.Main;
import dev.mmlake.engine.Engine;
import dev.mmlake.error.MmlakeException;
import dev.mmlake.flight.MetricsEndpoint;
import dev.mmlake.flight.MmlakeFlightServer;
import dev.mmlake.flight.ServerConfig;
import dev.mmlake.flight.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mmlake serve}: the Arrow Flight SQL server (JDBC for DBeaver and BI tools). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the lakehouse over Arrow Flight SQL.",
        "JDBC URL: jdbc:arrow-flight-sql://localhost:31337?useEncryption=false (see docs/dbeaver.md).",
        "Binding beyond loopback requires --users-file, and TLS (or --allow-insecure-auth)."})
public final class ServeCommand implements Callable<Integer> {
  static final String PASSWORD_ENV = "MMLAKE_PASSWORD";

  @Mixin
  LakehouseOptions lakehouse;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}); anything else requires --users-file")
  String host;

  @Option(names = "--port", defaultValue = "31337", description = "TCP port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--users-file", paramLabel = "FILE",
      description = "Users and PBKDF2 password hashes; turns on username/password auth")
  Path usersFile;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain (PEM)")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key (PKCS#8 PEM)")
  Path tlsKey;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve Prometheus metrics at http://HOST:PORT/metrics (default: off)")
  Integer metricsPort;

  @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
      description = "Address of the /metrics endpoint (default: ${DEFAULT-VALUE}, loopback only)")
  String metricsHost;

  @Option(names = "--max-rows", defaultValue = "0",
      description = "Most rows one query may return; 0 = no limit (default: ${DEFAULT-VALUE})")
  long maxRows;

  @Option(names = "--query-timeout", defaultValue = "0", paramLabel = "SECONDS",
      description = "Longest a statement may run; 0 = no limit (default: ${DEFAULT-VALUE})")
  long queryTimeoutSeconds;

  @Option(names = "--idle-timeout", defaultValue = "600", paramLabel = "SECONDS",
      description = "Close prepared statements and sessions unused this long (default: ${DEFAULT-VALUE})")
  long idleTimeoutSeconds;

  @Option(names = "--data-root", paramLabel = "DIR",
      description = "A folder source connectors (read_coco, ...) may read below; repeatable. "
          + "Without any (nor connectors.data-roots in the config), a loopback server reads "
          + "anywhere and any other host nowhere. Read-only users also read blob bytes "
          + "(CAS_GET, ...) when the content store is below one")
  List<Path> dataRoots = new ArrayList<>();

  @Option(names = "--allow-insecure-auth",
      description = "Accept passwords over plaintext when binding beyond loopback (trusted "
          + "networks only; prefer --tls-cert/--tls-key)")
  boolean allowInsecureAuth;

  @Option(names = "--add-user", paramLabel = "NAME",
      description = "Add (or reset) user NAME in --users-file and exit; the password comes from "
          + "$" + PASSWORD_ENV + " or the first line of stdin")
  String addUser;

  @Option(names = "--read-only", description = "With --add-user: the user may only run queries")
  boolean readOnly;

  @Override
  public Integer call() throws Exception {
    if (addUser != null) {
      return addUser();
    }
    if (System.getProperty("org.slf4j.simpleLogger.log.dev.mmlake.flight") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.dev.mmlake.flight", "info");
    }
    ServerConfig config;
    try {
      config = new ServerConfig(host, port, usersFile, tlsCert, tlsKey, maxRows,
          Duration.ofSeconds(queryTimeoutSeconds), Duration.ofSeconds(idleTimeoutSeconds),
          dataRoots, allowInsecureAuth);
      config.checkSecure();
    } catch (IllegalArgumentException e) {
      throw new Main.UserError(e.getMessage());
    }
    Engine engine = lakehouse.openEngine();
    MmlakeFlightServer server;
    try {
      server = MmlakeFlightServer.start(engine, config);
    } catch (IOException | IllegalArgumentException | MmlakeException e) { // e.g. a bad --data-root
      engine.close();
      throw new Main.UserError(e.getMessage());
    }
    MetricsEndpoint metrics = null;
    if (metricsPort != null) {
      try {
        metrics = MetricsEndpoint.start(server.metrics(), metricsHost, metricsPort);
      } catch (IOException e) {
        server.close();
        engine.close();
        throw new Main.UserError(e.getMessage());
      }
      System.err.printf("Prometheus metrics on http://%s:%d/metrics%n", metricsHost,
          metrics.port());
    }
    MetricsEndpoint endpoint = metrics;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (endpoint != null) {
        endpoint.close();
      }
      server.close();
      engine.close();
    }, "mmlake-serve-shutdown"));
    String scheme = config.tlsEnabled() ? "useEncryption=true" : "useEncryption=false";
    System.err.printf("mmlake Flight SQL server on %s:%d (%s, %s). JDBC URL: "
            + "jdbc:arrow-flight-sql://%s:%d?%s%n", config.host(), server.port(),
        config.tlsEnabled() ? "TLS" : "plaintext",
        config.authEnabled() ? "auth on" : "no auth", "localhost".equals(config.host())
            || config.isLoopback() ? "localhost" : config.host(), server.port(), scheme);
    server.awaitTermination();
    return 0;
  }

  private int addUser() throws IOException {
    if (usersFile == null) {
      throw new Main.UserError("--add-user needs --users-file FILE (created if missing)");
    }
    char[] password = readPassword();
    UsersFile.load(usersFile).put(addUser, password, readOnly).save(usersFile);
    Arrays.fill(password, '\0');
    System.err.println("Saved user " + addUser + (readOnly ? " (read-only)" : "") + " to "
        + usersFile);
    return 0;
  }

  private static char[] readPassword() throws IOException {
    String env = System.getenv(PASSWORD_ENV);
    if (env != null && !env.isEmpty()) {
      return env.toCharArray();
    }
    Console console = System.console();
    if (console != null) {
      char[] p = console.readPassword("Password: ");
      if (p != null && p.length > 0) {
        return p;
      }
    } else {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
          .readLine();
      if (line != null && !line.isEmpty()) {
        return line.toCharArray();
      }
    }
    throw new Main.UserError("No password: set $" + PASSWORD_ENV + " or pipe it on stdin");
  }
}
