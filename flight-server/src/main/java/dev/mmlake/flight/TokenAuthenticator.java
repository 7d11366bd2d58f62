package dev.mmlake.flight;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Username/password once, bearer tokens afterwards, checked against the users file as it is now.
 * A client sends HTTP basic credentials; when they match ({@link UsersFile#verify}) the answer
 * carries a new random token, which the client sends with every later call. A token is valid
 * while it is used at least every {@link #IDLE} and while its user is still in the users file
 * with the same password hash: removing a user, or giving it a new password, ends its tokens at
 * the next call ({@link LiveUsers}).
 */
final class TokenAuthenticator implements CallHeaderAuthenticator {
  /** How long an unused token lives. */
  static final Duration IDLE = Duration.ofHours(2);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The user a token was issued to, and the password hash it was issued for. */
  private record Grant(String user, byte[] hash) {
  }

  /** A successful password check. */
  private record Verified(UsersFile.User user) implements AuthResult {
    @Override
    public String getPeerIdentity() {
      return user.name();
    }
  }

  private final LiveUsers users;
  private final BasicCallHeaderAuthenticator basic;
  private final Cache<String, Grant> tokens = CacheBuilder.newBuilder().expireAfterAccess(IDLE)
      .maximumSize(100_000).build();

  TokenAuthenticator(LiveUsers users) {
    this.users = users;
    this.basic = new BasicCallHeaderAuthenticator((name, password) -> users.current()
        .verify(name, password).map(u -> (AuthResult) new Verified(u))
        .orElseThrow(() -> CallStatus.UNAUTHENTICATED
            .withDescription("Wrong user name or password").toRuntimeException()));
  }

  @Override
  public AuthResult authenticate(CallHeaders headers) {
    String bearer = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BEARER_PREFIX);
    if (bearer != null) {
      return fromToken(bearer);
    }
    AuthResult result = basic.authenticate(headers);
    if (!(result instanceof Verified v)) {
      throw CallStatus.UNAUTHENTICATED.withDescription("Wrong user name or password")
          .toRuntimeException();
    }
    String token = newToken();
    tokens.put(token, new Grant(v.user().name(), v.user().hash()));
    String name = v.user().name();
    return new AuthResult() {
      @Override
      public String getPeerIdentity() {
        return name;
      }

      @Override
      public void appendToOutgoingHeaders(CallHeaders outgoing) {
        outgoing.insert(Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + token);
      }
    };
  }

  private AuthResult fromToken(String token) {
    Grant g = tokens.getIfPresent(token);
    if (g == null) {
      throw CallStatus.UNAUTHENTICATED.withDescription("Unknown or expired token; connect again "
          + "with your user name and password").toRuntimeException();
    }
    boolean valid = users.current().user(g.user())
        .map(u -> MessageDigest.isEqual(u.hash(), g.hash())).orElse(false);
    if (!valid) {
      tokens.invalidate(token);
      throw CallStatus.UNAUTHENTICATED.withDescription("The token of user " + g.user()
          + " is no longer valid: the user was removed from the server's users file or its "
          + "password changed").toRuntimeException();
    }
    return () -> g.user();
  }

  private static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
