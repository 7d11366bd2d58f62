package dev.mmlake.engine.obs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Rows of an observability table ({@code obs.runs}, {@code obs.metrics}, ...) that could not be
 * committed, kept in local JSON files of one folder under the lakehouse home until a later flush of
 * this or another process commits them.
 *
 * <p>A file is written once (temp file, fsync, atomic rename) and then claimed by renaming it to
 * {@code <name>.claimed-<pid>}: of two processes, only one rename succeeds. After the commit the
 * claim is deleted ({@link Claim#done()}); after a failed commit it is released (renamed back,
 * {@link Claim#release}). Rows that may already be in the table are marked so: a claim whose
 * process is gone (it may have committed before it could delete the file), and rows whose commit
 * ended with an unknown outcome ({@code .unsure} in the name). Their writer commits them
 * insert-if-absent on the table's key ({@link Claim#maybeCommitted()}), so nothing is written twice.
 *
 * @param <T> the row type, turned into JSON and back by a {@link Codec}
 */
public final class SpillFiles<T> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".json";
  private static final String UNSURE = ".unsure";
  private static final String CLAIMED = ".claimed-";

  /** Turns a row into a JSON object (a map of plain values) and back. */
  public interface Codec<T> {
    Map<String, Object> toMap(T row);

    T fromMap(Map<String, Object> map);
  }

  private final Path dir;
  private final String prefix;
  private final Codec<T> codec;
  private final long pid = ProcessHandle.current().pid();

  /**
   * Spill files in {@code dir}, named {@code <prefix>-<millis>-<uuid>.json}.
   */
  public SpillFiles(Path dir, String prefix, Codec<T> codec) {
    this.dir = dir;
    this.prefix = prefix;
    this.codec = codec;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Writes {@code rows} to a new spill file and returns it; {@code maybeCommitted}: their commit
   * ended with an unknown outcome, so they are committed insert-if-absent later.
   */
  public Path write(List<T> rows, boolean maybeCommitted) {
    try {
      Files.createDirectories(dir);
      String name = prefix + "-" + System.currentTimeMillis() + "-" + UUID.randomUUID()
          + (maybeCommitted ? UNSURE : "") + SUFFIX;
      Path tmp = dir.resolve(name + ".tmp");
      List<Map<String, Object>> maps = new ArrayList<>(rows.size());
      rows.forEach(r -> maps.add(codec.toMap(r)));
      Files.write(tmp, JSON.writeValueAsBytes(maps));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Path file = dir.resolve(name);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot spill " + rows.size() + " row(s) to " + dir, e);
    }
  }

  /** Claims every unclaimed spill file, and every claim left by a process that is gone. */
  public List<Claim<T>> claim() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    } catch (IOException e) {
      return List.of(); // unreadable now: the next flush tries again
    }
    List<Claim<T>> claims = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      int at = name.indexOf(CLAIMED);
      if (name.endsWith(SUFFIX)) {
        claimOne(f, name, false, claims);
      } else if (at > 0 && ownerIsGone(name.substring(at + CLAIMED.length()))) {
        claimOne(f, name.substring(0, at), true, claims);
      }
    }
    return claims;
  }

  private boolean ownerIsGone(String owner) {
    try {
      long p = Long.parseLong(owner);
      return p != pid && ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void claimOne(Path f, String baseName, boolean stale, List<Claim<T>> claims) {
    Path claimed = dir.resolve(baseName + CLAIMED + pid);
    try {
      Files.move(f, claimed, StandardCopyOption.ATOMIC_MOVE);
      List<Map<String, Object>> maps = JSON.readValue(claimed.toFile(),
          new TypeReference<List<Map<String, Object>>>() { });
      List<T> rows = new ArrayList<>(maps.size());
      maps.forEach(m -> rows.add(codec.fromMap(m)));
      claims.add(new Claim<>(claimed, dir.resolve(baseName), rows,
          stale || baseName.endsWith(UNSURE + SUFFIX)));
    } catch (NoSuchFileException | FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      // another process claimed it first
    } catch (IOException | RuntimeException e) {
      // a damaged file stays where it is, renamed so it is not retried forever
      try {
        Files.move(claimed, dir.resolve(baseName + ".damaged"), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException ignored) {
        // left claimed; a person can look at it
      }
    }
  }

  /**
   * Spilled rows owned by this process until {@link #done()} or {@link #release}.
   *
   * @param maybeCommitted the rows may already be in the table: commit them insert-if-absent
   */
  public record Claim<T>(Path file, Path original, List<T> rows, boolean maybeCommitted) {
    /** The rows are committed: forget the file. */
    public void done() {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover claim of a live process is never re-read; of a dead one, deduplicated
      }
    }

    /**
     * The commit failed: hand the file back for a later flush; {@code outcomeUnknown}: it may
     * have committed, so the file is marked as maybe committed from now on.
     */
    public void release(boolean outcomeUnknown) {
      Path target = original;
      String name = original.getFileName().toString();
      if ((maybeCommitted || outcomeUnknown) && !name.endsWith(UNSURE + SUFFIX)) {
        target = original.resolveSibling(
            name.substring(0, name.length() - SUFFIX.length()) + UNSURE + SUFFIX);
      }
      try {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException ignored) {
        // stays claimed by this process; re-claimed as stale once the process is gone
      }
    }
  }
}
