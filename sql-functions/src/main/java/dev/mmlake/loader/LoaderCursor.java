package dev.mmlake.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a loader run stopped: the run's identity (set, seed, epoch, workers, shuffle buffer) and
 * how many samples each worker had delivered, plus the worker whose turn is next. Resuming replays
 * each worker's deterministic stream without decoding the samples it already delivered, then
 * continues: the rest of the epoch exactly (see {@link ShardLoader}). Format
 * {@code mmlake-loader-cursor/1}, JSON (docs/loader.md).
 */
public record LoaderCursor(String set, long seed, long epoch, int workers, int shuffleBuffer,
    long delivered, long[] workerDelivered, int nextWorker) {
  public static final String FORMAT = "mmlake-loader-cursor/1";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The JSON form. */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("format", FORMAT);
    n.put("set", set);
    n.put("seed", seed);
    n.put("epoch", epoch);
    n.put("workers", workers);
    n.put("shuffle_buffer", shuffleBuffer);
    n.put("delivered", delivered);
    ArrayNode a = n.putArray("worker_delivered");
    for (long d : workerDelivered) {
      a.add(d);
    }
    n.put("next_worker", nextWorker);
    try {
      return JSON.writeValueAsString(n) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses {@link #toJson()}; a malformed cursor is an INVALID_ARGUMENT error. */
  public static LoaderCursor parse(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      if (!FORMAT.equals(n.path("format").asText())) {
        throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "Not a loader cursor (format is "
            + "not %s)", FORMAT);
      }
      JsonNode a = n.path("worker_delivered");
      int workers = n.path("workers").asInt();
      if (!a.isArray() || a.size() != workers) {
        throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "Loader cursor has %s "
            + "worker_delivered entries for %s workers", a.size(), workers);
      }
      long[] per = new long[workers];
      long sum = 0;
      for (int i = 0; i < workers; i++) {
        per[i] = a.get(i).asLong();
        sum += per[i];
      }
      long delivered = n.path("delivered").asLong();
      int next = n.path("next_worker").asInt();
      if (sum != delivered || next < 0 || next >= workers) {
        throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "Loader cursor is inconsistent "
            + "(delivered %s, per worker sum %s, next_worker %s)", delivered, sum, next);
      }
      return new LoaderCursor(n.path("set").asText(), n.path("seed").asLong(),
          n.path("epoch").asLong(), workers, n.path("shuffle_buffer").asInt(), delivered, per,
          next);
    } catch (IOException e) {
      throw new LoaderException(ErrorCode.INVALID_ARGUMENT, e, "Loader cursor is not JSON: %s",
          e.getMessage());
    }
  }

  /** Reads a cursor file. */
  public static LoaderCursor read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new LoaderException(ErrorCode.NOT_FOUND, e, "Cannot read cursor %s: %s", file,
          e.getMessage());
    }
  }

  /** Writes the cursor atomically (temp file + rename). */
  public void write(Path file) {
    Path abs = file.toAbsolutePath();
    Path temp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
    try {
      Files.writeString(temp, toJson());
      Files.move(temp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new LoaderException(ErrorCode.STORAGE_UNAVAILABLE, e, "Cannot write cursor %s: %s",
          file, e.getMessage());
    }
  }

  /** Checks that this cursor belongs to a run of {@code set} with {@code config}. */
  void checkMatches(String setName, LoaderConfig config) {
    if (!set.equals(setName) || seed != config.seed() || epoch != config.epoch()
        || workers != config.workers() || shuffleBuffer != config.shuffleBuffer()) {
      throw new LoaderException(ErrorCode.INVALID_ARGUMENT, "The cursor is for set %s seed %s "
          + "epoch %s workers %s shuffle buffer %s, not set %s seed %s epoch %s workers %s "
          + "shuffle buffer %s: resume with the same settings", set, seed, epoch, workers,
          shuffleBuffer, setName, config.seed(), config.epoch(), config.workers(),
          config.shuffleBuffer());
    }
  }
}
