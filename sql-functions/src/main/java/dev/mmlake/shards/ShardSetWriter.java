package dev.mmlake.shards;

import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Writes a WebDataset shard set into one folder: {@code <prefix>-000000.tar}, ... and
 * {@code <prefix>-index.json}.
 *
 * <p>Steps: (1) refuse a folder that already holds a complete set with this prefix (its index
 * exists), and remove shards and temp files of this prefix left by an earlier write that did not
 * complete; (2) plan every shard ({@link ShardPlanner}); (3) write the shards with
 * {@code threads} workers, each writing whole shards ({@link ShardWriter}), so the bytes do not
 * depend on the thread count; (4) write the index.
 *
 * <p>Contract: when {@link #write} returns, every shard and the index are complete and fsynced.
 * When it throws (a {@link ShardException}, or an {@link Error} from a blob source), it has first
 * stopped the workers and deleted every shard of the set and every temp file, so the folder holds
 * nothing of the set; the write can be repeated as is. A JVM killed mid-way can leave complete
 * shards and {@code .*.tmp} files but never an index; the next write of the prefix removes them.
 */
public final class ShardSetWriter {
  private static final long STOP_WAIT_SECONDS = 60;
  private final Path dir;
  private final ShardOptions options;

  public ShardSetWriter(Path dir, ShardOptions options) {
    this.dir = Objects.requireNonNull(dir, "dir is null").toAbsolutePath().normalize();
    this.options = Objects.requireNonNull(options, "options is null");
  }

  /** Writes {@code samples} as a shard set; skipped samples go to {@code listener} and the result. */
  public ShardSetResult write(List<ShardSample> samples, ShardListener listener) {
    Objects.requireNonNull(samples, "samples is null");
    Objects.requireNonNull(listener, "listener is null");
    prepareFolder();
    List<ShardFailure> failures = new ArrayList<>();
    Consumer<ShardFailure> sink = f -> {
      failures.add(f);
      listener.failure(f);
    };
    List<ShardPlan> plans = ShardPlanner.plan(samples, options, sink);
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.max(1, Math.min(options.threads(), plans.size())), daemonThreads());
    List<Future<ShardWriter.Written>> futures = new ArrayList<>(plans.size());
    boolean complete = false;
    try {
      for (ShardPlan plan : plans) {
        futures.add(pool.submit(() -> ShardWriter.write(plan, dir)));
      }
      List<ShardResult> results = new ArrayList<>(plans.size());
      for (int i = 0; i < plans.size(); i++) {
        ShardWriter.Written w = await(futures.get(i), plans.get(i));
        w.failures().forEach(sink);
        results.add(w.result());
        listener.shardWritten(w.result(), plans.size());
        Set<String> left = new HashSet<>();
        w.failures().forEach(f -> left.add(f.itemId()));
        for (ShardPlan.Planned p : plans.get(i).samples()) {
          if (!left.contains(p.sample().itemId())) {
            listener.memberWritten(w.result(), p.sample().itemId(), p.key());
          }
        }
      }
      Path index = writeIndex(results, failures.size());
      complete = true;
      return new ShardSetResult(options.optionsHash(), results, failures, index);
    } finally {
      if (!complete) {
        futures.forEach(f -> f.cancel(true));
      }
      pool.shutdownNow();
      awaitStopped(pool);
      if (!complete) {
        removeSet(plans);
      }
    }
  }

  private ShardWriter.Written await(Future<ShardWriter.Written> future, ShardPlan plan) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error err) {
        throw err;
      }
      if (cause instanceof ShardException se) {
        throw se;
      }
      if (cause instanceof InterruptedIOException) {
        throw interrupted();
      }
      throw new ShardException(ErrorCode.STORAGE_UNAVAILABLE,
          cause, "Cannot write shard %s in %s: %s; check free space and "
          + "permissions of the folder, then write the set again (nothing of it was kept)",
          plan.name(), dir, cause.getMessage());
    }
  }

  private ShardException interrupted() {
    return new ShardException(ErrorCode.CANCELLED,
        "Writing shard set %s in %s was interrupted; nothing of it was "
        + "kept", options.prefix(), dir);
  }

  private Path writeIndex(List<ShardResult> results, long skipped) {
    try {
      return ShardIndex.write(dir, options, results, skipped);
    } catch (IOException e) {
      throw new ShardException(ErrorCode.STORAGE_UNAVAILABLE,
          e, "Cannot write the shard index %s in %s: %s; check free space "
          + "and permissions", ShardIndex.fileName(options.prefix()), dir, e.getMessage());
    }
  }

  private void prepareFolder() {
    Path index = dir.resolve(ShardIndex.fileName(options.prefix()));
    try {
      Files.createDirectories(dir);
      if (Files.exists(index)) {
        throw new ShardException(ErrorCode.ALREADY_EXISTS,
            "%s already holds the shard set '%s' (its index %s exists); "
            + "write into another folder, use another prefix, or delete the set first", dir,
            options.prefix(), index.getFileName());
      }
      Pattern leftover = Pattern.compile("\\.?" + Pattern.quote(options.prefix())
          + "-(\\d{6,}\\.tar|index\\.json)(\\.tmp)?");
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          String n = f.getFileName().toString();
          if (leftover.matcher(n).matches() && (n.startsWith(".") == n.endsWith(".tmp"))) {
            Files.deleteIfExists(f);
          }
        }
      }
    } catch (IOException e) {
      throw new ShardException(ErrorCode.STORAGE_UNAVAILABLE,
          e, "Cannot prepare shard folder %s: %s; check that it is a "
          + "writable folder", dir, e.getMessage());
    }
  }

  private void removeSet(List<ShardPlan> plans) {
    List<String> names = new ArrayList<>();
    for (ShardPlan p : plans) {
      names.add(p.name());
    }
    names.add(ShardIndex.fileName(options.prefix()));
    for (String name : names) {
      for (Path f : List.of(dir.resolve(name), dir.resolve(ShardWriter.tempName(name)))) {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          // Best effort: the next write of this prefix removes leftovers.
        }
      }
    }
  }

  /** Waits for the workers (they stop at the next sample or copy chunk once interrupted). */
  private static void awaitStopped(ExecutorService pool) {
    boolean interrupted = Thread.interrupted();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
    while (true) {
      try {
        pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        if (System.nanoTime() >= deadline) {
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "mmlake-shards-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
