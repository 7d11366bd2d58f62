package dev.mmlake.flight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's users file as it is now: {@link #current()} looks at the file's modification time,
 * size and identity on each call (a cheap stat) and reads it again when any changed, so a user
 * added, removed, re-passworded or made read-only takes effect on the next call, and tokens of a
 * removed user stop working ({@link TokenAuthenticator}). A file that no longer parses keeps the
 * last good users and logs an error; a deleted file has no users, so every call is refused.
 */
final class LiveUsers {
  private static final Logger LOG = LoggerFactory.getLogger(LiveUsers.class);

  private record Stamp(Object key, long modifiedNanos, long size) {
  }

  private final Path file;
  private volatile UsersFile users;
  private volatile Stamp stamp;

  private LiveUsers(Path file, UsersFile users, Stamp stamp) {
    this.file = file;
    this.users = users;
    this.stamp = stamp;
  }

  /**
   * Reads {@code file} for the first time.
   *
   * @throws IllegalArgumentException when it has no users or does not parse
   */
  static LiveUsers load(Path file) {
    Objects.requireNonNull(file, "file is null");
    Stamp stamp = stampOf(file);
    UsersFile u = UsersFile.load(file);
    if (u.size() == 0) {
      throw new IllegalArgumentException("Users file " + file + " has no users; add one with "
          + "`mmlake serve --add-user NAME --users-file " + file + "`");
    }
    warnWeak(file, u);
    return new LiveUsers(file, u, stamp);
  }

  /** The users as the file says now. */
  UsersFile current() {
    Stamp now = stampOf(file);
    if (now.equals(stamp)) {
      return users;
    }
    synchronized (this) {
      if (!now.equals(stamp)) {
        try {
          UsersFile reread = UsersFile.load(file);
          users = reread;
          LOG.info("Users file {} changed: {} user(s) now", file, reread.size());
          warnWeak(file, reread);
        } catch (RuntimeException e) {
          LOG.error("Users file {} changed but cannot be read ({}); keeping the {} user(s) read "
              + "before", file, e.getMessage(), users.size());
        }
        stamp = now;
      }
      return users;
    }
  }

  private static void warnWeak(Path file, UsersFile u) {
    if (!u.weakUsers().isEmpty()) {
      LOG.warn("Users {} in {} have passwords hashed with fewer than {} PBKDF2 iterations; "
          + "add them again (mmlake serve --add-user) to upgrade", u.weakUsers(), file,
          UsersFile.ITERATIONS);
    }
  }

  private static Stamp stampOf(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.fileKey(), a.lastModifiedTime().toInstant().getEpochSecond()
          * 1_000_000_000L + a.lastModifiedTime().toInstant().getNano(), a.size());
    } catch (NoSuchFileException e) {
      return new Stamp(null, -1, -1);
    } catch (IOException e) {
      return new Stamp(null, -2, -2);
    }
  }
}
