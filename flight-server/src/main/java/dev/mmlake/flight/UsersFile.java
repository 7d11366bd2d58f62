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
 */
public final class UsersFile {
  static final int ITERATIONS = 120_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

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
      users.put(f[0], new User(f[0], f[1].equals("ro"), Integer.parseInt(f[2]), b64.decode(f[3]),
          b64.decode(f[4])));
    }
    return new UsersFile(users);
  }

  /** Adds or replaces a user, hashing {@code password} with a fresh salt. */
  public UsersFile put(String name, char[] password, boolean readOnly) {
    if (name == null || !name.matches("[A-Za-z0-9_.@-]+")) {
      throw new IllegalArgumentException("User name must be letters, digits, '_', '.', '@' or '-'");
    }
    if (password == null || password.length == 0) {
      throw new IllegalArgumentException("Password for " + name + " is empty");
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    users.put(name, new User(name, readOnly, ITERATIONS, salt, hash(password, salt, ITERATIONS)));
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

  /** The user when {@code password} matches, in constant time per hash. */
  public Optional<User> verify(String name, String password) {
    User u = users.get(name);
    if (u == null || password == null) {
      return Optional.empty();
    }
    byte[] h = hash(password.toCharArray(), u.salt(), u.iterations());
    return MessageDigest.isEqual(h, u.hash()) ? Optional.of(u) : Optional.empty();
  }

  public Optional<User> user(String name) {
    return Optional.ofNullable(users.get(name));
  }

  public int size() {
    return users.size();
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
