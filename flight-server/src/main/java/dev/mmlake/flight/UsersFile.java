package dev.mmlake.flight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Server users with salted PBKDF2WithHmacSHA256 password hashes, one per line:
 * {@code name:role:iterations:base64(salt):base64(hash)} where role is {@code rw} or {@code ro}.
 * Lines starting with {@code #} are comments. Passwords are never stored.
 *
 * <p>New hashes use {@link #ITERATIONS} (OWASP's current recommendation for PBKDF2-HMAC-SHA256);
 * each line keeps the count it was hashed with, so entries written with fewer iterations by an
 * older mmlake keep working until the user is added again ({@link #weakUsers()} lists them).
 * Verifying an unknown name costs as much as verifying a known one, so response times do not
 * reveal which user names exist.
 */
public final class UsersFile {
  /** PBKDF2-HMAC-SHA256 iterations of new hashes: OWASP's Password Storage Cheat Sheet value. */
  static final int ITERATIONS = 600_000;
  private static final int MAX_ITERATIONS = 100_000_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] DUMMY_SALT = newSalt();
  /** Keeps the dummy hash observable so that it is never optimized away. */
  private static volatile byte sink;

  /** One user as stored. */
  public record User(String name, boolean readOnly, int iterations, byte[] salt, byte[] hash) {
    String line() {
      Base64.Encoder b64 = Base64.getEncoder();
      return name + ":" + (readOnly ? "ro" : "rw") + ":" + iterations + ":" + b64.encodeToString(salt)
          + ":" + b64.encodeToString(hash);
    }
  }

  private final Map<String, User> users;

  private UsersFile(Map<String, User> users) {
    this.users = users;
  }

  /** Reads a users file; a missing file has no users. */
  public static UsersFile load(Path file) {
    Map<String, User> users = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return new UsersFile(users);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read users file " + file + ": " + e.getMessage(), e);
    }
    int n = 0;
    for (String raw : lines) {
      n++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(":");
      if (f.length != 5 || !(f[1].equals("rw") || f[1].equals("ro"))) {
        throw new IllegalArgumentException("Users file " + file + " line " + n + " is not "
            + "name:rw|ro:iterations:salt:hash; recreate it with `mmlake serve --add-user`");
      }
      Base64.Decoder b64 = Base64.getDecoder();
      try {
        int iterations = Integer.parseInt(f[2]);
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
          throw new IllegalArgumentException("iterations out of range");
        }
        users.put(f[0], new User(f[0], f[1].equals("ro"), iterations, b64.decode(f[3]),
            b64.decode(f[4])));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Users file " + file + " line " + n + " has a bad "
            + "iteration count, salt or hash (" + e.getMessage() + "); recreate the user with "
            + "`mmlake serve --add-user`", e);
      }
    }
    return new UsersFile(users);
  }

  /** Adds or replaces a user, hashing {@code password} with a fresh salt. */
  public UsersFile put(String name, char[] password, boolean readOnly) {
    return put(name, password, readOnly, ITERATIONS);
  }

  /** As {@link #put(String, char[], boolean)} with an explicit iteration count (for tests). */
  UsersFile put(String name, char[] password, boolean readOnly, int iterations) {
    if (name == null || !name.matches("[A-Za-z0-9_.@-]+")) {
      throw new IllegalArgumentException("User name must be letters, digits, '_', '.', '@' or '-'");
    }
    if (password == null || password.length == 0) {
      throw new IllegalArgumentException("Password for " + name + " is empty");
    }
    byte[] salt = newSalt();
    users.put(name, new User(name, readOnly, iterations, salt, hash(password, salt, iterations)));
    return this;
  }

  /** Removes a user; its tokens stop working once a server re-reads the file. */
  public UsersFile remove(String name) {
    users.remove(name);
    return this;
  }

  /** Writes the file atomically, readable by its owner only where the file system allows. */
  public void save(Path file) {
    List<String> lines = new ArrayList<>();
    lines.add("# mmlake users: name:role:iterations:salt:PBKDF2WithHmacSHA256 hash (base64)");
    users.values().forEach(u -> lines.add(u.line()));
    try {
      Path abs = file.toAbsolutePath();
      if (abs.getParent() != null) {
        Files.createDirectories(abs.getParent());
      }
      Path tmp = Files.createTempFile(abs.getParent(), ".users", ".tmp");
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // keep the default permissions
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write users file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The user when {@code password} matches. The hashes are compared in constant time, and an
   * unknown name (or a missing password) is hashed against a dummy salt with {@link #ITERATIONS},
   * so a failure takes as long as it does for a current user.
   */
  public Optional<User> verify(String name, String password) {
    User u = name == null ? null : users.get(name);
    char[] typed = password == null || password.isEmpty() ? new char[] {'\0'}
        : password.toCharArray();
    if (u == null || password == null) {
      sink = hash(typed, DUMMY_SALT, ITERATIONS)[0];
      return Optional.empty();
    }
    byte[] h = hash(typed, u.salt(), u.iterations());
    return MessageDigest.isEqual(h, u.hash()) ? Optional.of(u) : Optional.empty();
  }

  /** Users whose hash has fewer iterations than new ones get; add them again to upgrade. */
  public List<String> weakUsers() {
    return users.values().stream().filter(u -> u.iterations() < ITERATIONS).map(User::name)
        .toList();
  }

  public Optional<User> user(String name) {
    return Optional.ofNullable(users.get(name));
  }

  public int size() {
    return users.size();
  }

  private static byte[] newSalt() {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return salt;
  }

  private static byte[] hash(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is unavailable in this JVM", e);
    } finally {
      spec.clearPassword();
    }
  }
}
