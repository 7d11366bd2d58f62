package dev.mmlake.catalog;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a function needs to know about the statement it runs in: the lakehouse, the run id, where
 * to record item failures and where to report progress.
 *
 * <p>The engine installs one per statement on the executing thread ({@link #run}); SQL function
 * classes read it with {@link #current()}. Outside a statement (e.g. in a unit test of a function)
 * {@link #current()} falls back to the last lakehouse the process opened a context for.
 */
public final class StatementContext {
  private static final ThreadLocal<StatementContext> CURRENT = new ThreadLocal<>();
  private static volatile StatementContext fallback;

  private final Lakehouse lakehouse;
  private final String runId;
  private final FailureLog failures;
  private final Progress progress;
  private final PendingWrites writes;
  private final Map<Class<?>, Object> measures = new ConcurrentHashMap<>();

  public StatementContext(Lakehouse lakehouse, String runId, FailureLog failures, Progress progress,
      PendingWrites writes) {
    this.lakehouse = Objects.requireNonNull(lakehouse, "lakehouse is null");
    this.runId = Objects.requireNonNull(runId, "runId is null");
    this.failures = Objects.requireNonNull(failures, "failures is null");
    this.progress = progress == null ? Progress.NONE : progress;
    this.writes = Objects.requireNonNull(writes, "writes is null");
  }

  /**
   * A context for work outside any SQL statement (tests, CLI helpers). Its pending writes are
   * committed by {@link StandaloneWrites#commit()} on the returned context's {@link #writes()}.
   */
  public static StatementContext standalone(Lakehouse lakehouse) {
    return new StatementContext(lakehouse, UUID.randomUUID().toString(), new FailureLog(),
        Progress.NONE, new StandaloneWrites(lakehouse));
  }

  /** Writes that commit with the statement. */
  public PendingWrites writes() {
    return writes;
  }

  /** The context of the statement running on this thread. */
  public static StatementContext current() {
    StatementContext c = CURRENT.get();
    if (c == null) {
      c = fallback;
    }
    if (c == null) {
      throw new IllegalStateException(
          "No lakehouse is open on this thread: run the function through an mmlake session");
    }
    return c;
  }

  /** Runs {@code body} with this context installed on the current thread. */
  public <T> T run(Supplier<T> body) {
    StatementContext previous = CURRENT.get();
    CURRENT.set(this);
    fallback = this;
    try {
      return body.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** Installs this context on the current thread until {@link #detach()}. */
  public void attach() {
    CURRENT.set(this);
    fallback = this;
  }

  public static void detach() {
    CURRENT.remove();
  }

  /**
   * The statement's measurements of kind {@code type} (e.g. model inference times), created by
   * {@code create} on first use: functions add to it while the statement runs, on any thread, and
   * the engine turns it into {@code obs.metrics} rows when the statement ends. {@code T} must be
   * thread-safe.
   */
  public <T> T measures(Class<T> type, Supplier<T> create) {
    return type.cast(measures.computeIfAbsent(type, k -> create.get()));
  }

  /** The statement's measurements of kind {@code type}, or null when no function made them. */
  public <T> T measuresIfAny(Class<T> type) {
    return type.cast(measures.get(type));
  }

  public Lakehouse lakehouse() {
    return lakehouse;
  }

  public String runId() {
    return runId;
  }

  public FailureLog failures() {
    return failures;
  }

  public Progress progress() {
    return progress;
  }

  /** Progress reporting for long-running work; the CLI renders it, servers ignore it. */
  public interface Progress {
    Progress NONE = (stage, done, total, failures, bytes) -> { };

    /**
     * @param stage what is running, e.g. {@code ingest coco}
     * @param done items finished so far
     * @param total items expected, or -1 when unknown
     * @param failures item failures so far
     * @param bytes bytes processed so far
     */
    void update(String stage, long done, long total, long failures, long bytes);
  }
}
