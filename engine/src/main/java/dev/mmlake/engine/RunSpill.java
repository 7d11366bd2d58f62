package dev.mmlake.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.engine.sql.StatementKind;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Run-log rows that could not be committed, kept in local files under the lakehouse home
 * ({@code <home>/spill/runs}) until a later flush of this or another process commits them.
 *
 * <p>A file is written once (temp file, fsync, atomic rename) and then claimed by renaming it to
 * {@code <name>.claimed-<pid>}: of two processes, only one rename succeeds. After the commit the
 * claim is deleted; after a failed commit it is released (renamed back). A claim whose process is
 * gone may or may not have been committed, so its rows are committed insert-if-absent on
 * {@code run_id} ({@link Claim#maybeCommitted()}).
 */
final class RunSpill {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".json";
  private static final String CLAIMED = ".claimed-";

  private final Path dir;
  private final long pid = ProcessHandle.current().pid();

  RunSpill(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** Writes {@code runs} to a new spill file and returns it. */
  Path write(List<RunRecord> runs) {
    try {
      Files.createDirectories(dir);
      String name = "runs-" + System.currentTimeMillis() + "-" + UUID.randomUUID() + SUFFIX;
      Path tmp = dir.resolve(name + ".tmp");
      List<Map<String, Object>> rows = new ArrayList<>();
      runs.forEach(r -> rows.add(toMap(r)));
      Files.write(tmp, JSON.writeValueAsBytes(rows));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Path file = dir.resolve(name);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot spill " + runs.size() + " run row(s) to " + dir, e);
    }
  }

  /** Claims every unclaimed spill file, and every claim left by a process that is gone. */
  List<Claim> claim() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    } catch (IOException e) {
      return List.of(); // unreadable now: the next flush tries again
    }
    List<Claim> claims = new ArrayList<>();
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

  private void claimOne(Path f, String baseName, boolean stale, List<Claim> claims) {
    Path claimed = dir.resolve(baseName + CLAIMED + pid);
    try {
      Files.move(f, claimed, StandardCopyOption.ATOMIC_MOVE);
      List<Map<String, Object>> rows = JSON.readValue(claimed.toFile(),
          new TypeReference<List<Map<String, Object>>>() { });
      List<RunRecord> runs = new ArrayList<>();
      rows.forEach(m -> runs.add(fromMap(m)));
      claims.add(new Claim(claimed, dir.resolve(baseName), runs, stale));
    } catch (NoSuchFileException | FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      // another process claimed it first
    } catch (IOException e) {
      // a damaged file stays where it is, renamed so it is not retried forever
      try {
        Files.move(claimed, dir.resolve(baseName + ".damaged"), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException ignored) {
        // left claimed; a person can look at it
      }
    }
  }

  /** Spilled rows owned by this process until {@link #done()} or {@link #release()}. */
  record Claim(Path file, Path original, List<RunRecord> runs, boolean maybeCommitted) {
    /** The rows are committed: forget the file. */
    void done() {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover claim of a live process is never re-read; of a dead one, deduplicated
      }
    }

    /** The commit failed: hand the file back for a later flush. */
    void release() {
      try {
        Files.move(file, original, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException ignored) {
        // stays claimed by this process; re-claimed as stale once the process is gone
      }
    }
  }

  private static Map<String, Object> toMap(RunRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", r.runId());
    m.put("statement_digest", r.statementDigest());
    m.put("statement_kind", r.kind().name());
    m.put("statement_text", r.text());
    m.put("user_name", r.user());
    m.put("started_at", r.startedAt().toString());
    m.put("ended_at", r.endedAt().toString());
    m.put("rows_read", r.rowsRead());
    m.put("rows_written", r.rowsWritten());
    m.put("snapshot_ids", r.snapshotIds());
    m.put("status", r.status());
    m.put("error_message", r.errorMessage());
    m.put("failures", r.failures());
    m.put("rows_skipped", r.rowsSkipped());
    m.put("side_writes", r.sideWrites());
    return m;
  }

  private static RunRecord fromMap(Map<String, Object> m) {
    List<Long> snapshots = new ArrayList<>();
    if (m.get("snapshot_ids") instanceof List<?> l) {
      l.forEach(x -> snapshots.add(((Number) x).longValue()));
    }
    String kind = (String) m.get("statement_kind");
    return new RunRecord((String) m.get("run_id"), (String) m.get("statement_digest"),
        Arrays.stream(StatementKind.values()).anyMatch(k -> k.name().equals(kind))
            ? StatementKind.valueOf(kind) : StatementKind.OTHER,
        (String) m.get("statement_text"), (String) m.get("user_name"),
        Instant.parse((String) m.get("started_at")), Instant.parse((String) m.get("ended_at")),
        num(m, "rows_read"), num(m, "rows_written"), snapshots, (String) m.get("status"),
        (String) m.get("error_message"), num(m, "failures"), num(m, "rows_skipped"),
        (String) m.get("side_writes"));
  }

  private static long num(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.longValue() : 0;
  }
}
