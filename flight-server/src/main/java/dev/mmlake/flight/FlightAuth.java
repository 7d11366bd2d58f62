package dev.mmlake.flight;

import java.nio.file.Path;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Username/password authentication against the server's users file, re-read when it changes
 * ({@link LiveUsers}): clients send HTTP basic credentials once and get a bearer token for later
 * calls ({@link TokenAuthenticator}). Also answers whether a user is read-only, as the file says
 * now.
 */
final class FlightAuth {
  /** Identity of every caller when auth is off. */
  static final String ANONYMOUS = "anonymous";

  private final LiveUsers users;

  private FlightAuth(LiveUsers users) {
    this.users = users;
  }

  static FlightAuth disabled() {
    return new FlightAuth(null);
  }

  /**
   * Auth against {@code file}.
   *
   * @throws IllegalArgumentException when the file has no users or does not parse
   */
  static FlightAuth fromFile(Path file) {
    return new FlightAuth(LiveUsers.load(file));
  }

  boolean enabled() {
    return users != null;
  }

  /** The header authenticator to install on the server; null when auth is off. */
  CallHeaderAuthenticator authenticator() {
    return users == null ? null : new TokenAuthenticator(users);
  }

  /** The engine user name for a Flight peer identity. */
  String user(String peerIdentity) {
    return peerIdentity == null || peerIdentity.isEmpty() ? ANONYMOUS : peerIdentity;
  }

  /** True for a read-only user, and for a name the users file no longer has. */
  boolean readOnly(String user) {
    return users != null
        && users.current().user(user).map(UsersFile.User::readOnly).orElse(true);
  }
}
