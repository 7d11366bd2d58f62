package dev.mmlake.flight;

import java.nio.file.Path;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;

/**
 * Username/password authentication against a {@link UsersFile}: clients send HTTP basic
 * credentials once and get a bearer token for later calls. Also answers whether a user is
 * read-only.
 */
final class FlightAuth {
  /** Identity of every caller when auth is off. */
  static final String ANONYMOUS = "anonymous";

  private final UsersFile users;

  private FlightAuth(UsersFile users) {
    this.users = users;
  }

  static FlightAuth disabled() {
    return new FlightAuth(null);
  }

  static FlightAuth fromFile(Path file) {
    UsersFile u = UsersFile.load(file);
    if (u.size() == 0) {
      throw new IllegalArgumentException("Users file " + file + " has no users; add one with "
          + "`mmlake serve --add-user NAME --users-file " + file + "`");
    }
    return new FlightAuth(u);
  }

  boolean enabled() {
    return users != null;
  }

  /** The header authenticator to install on the server; null when auth is off. */
  CallHeaderAuthenticator authenticator() {
    if (users == null) {
      return null;
    }
    BasicCallHeaderAuthenticator basic = new BasicCallHeaderAuthenticator((name, password) -> {
      if (users.verify(name, password).isEmpty()) {
        throw CallStatus.UNAUTHENTICATED.withDescription("Wrong user name or password")
            .toRuntimeException();
      }
      return () -> name;
    });
    return new GeneratedBearerTokenAuthenticator(basic);
  }

  /** The engine user name for a Flight peer identity. */
  String user(String peerIdentity) {
    return peerIdentity == null || peerIdentity.isEmpty() ? ANONYMOUS : peerIdentity;
  }

  boolean readOnly(String user) {
    return users != null && users.user(user).map(UsersFile.User::readOnly).orElse(true);
  }
}
