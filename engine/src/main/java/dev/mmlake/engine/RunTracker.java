package dev.mmlake.engine;

import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.FailureEvent;
import dev.mmlake.catalog.FailureLog;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.embed.InferenceStats;
import dev.mmlake.engine.exec.StatementCommit;
import dev.mmlake.engine.exec.StatementScope;
import dev.mmlake.engine.exec.StatementScopes;
import dev.mmlake.engine.obs.FailureItems;
import dev.mmlake.engine.obs.LineageJob;
import dev.mmlake.engine.obs.RunObservation;
import dev.mmlake.engine.obs.RunOutcome;
import dev.mmlake.engine.sql.StatementKind;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import dev.mmlake.transforms.TransformUses;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle of one statement: installs its {@link StatementScope} and {@link StatementContext} on
 * the thread, commits or aborts its pending writes, flushes item failures and records exactly one
 * {@code obs.runs} row when it finishes.
 */
final class RunTracker {
  private static final Logger LOG = LoggerFactory.getLogger(RunTracker.class);

  private final Session session;
  private final String sql;
  private final String runId = UUID.randomUUID().toString();
  private final Instant startedAt = Instant.now();
  private final StatementScope scope;
  private final StatementContext context;
  private final List<Long> snapshots = new ArrayList<>();
  private final TableRefMounts mounts;
  private StatementKind kind = StatementKind.OTHER;
  private long rowsWritten;
  private long rowsSkipped;
  private final Map<String, Long> sideWrites = new TreeMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final Set<TableIdentifier> writes = new LinkedHashSet<>();
  private final AtomicLong egressBytes = new AtomicLong();
  private final RunObservation observation;
  private boolean finished;
  private int flushedFailures;

  RunTracker(Session session, String sql, StatementContext.Progress progress) {
    this.session = session;
    this.sql = sql;
    this.scope = new StatementScope(session.lakehouse());
    this.context = new StatementContext(session.lakehouse(), runId, new FailureLog(), progress,
        scope);
    scope.context(context);
    this.mounts = new TableRefMounts(session.connection().getRootSchema(), session.defaultSchema());
    this.observation = observe(session, sql);
    attach();
  }

  /** Emits the START event; observability never fails the statement. */
  private RunObservation observe(Session session, String sql) {
    try {
      return session.engine().observability().start(new LineageJob(runId, Sha256.hex(sql),
          LineageJob.QUERY, sql, session.lineageParent()), Map.of());
    } catch (RuntimeException e) {
      LOG.warn("No lineage for run {}: {}", runId, e.getMessage());
      return null;
    }
  }

  /**
   * Makes this run the session's running statement. Tables and table functions find its scope
   * through the session's {@link StatementScopes}; scalar SQL functions, which Calcite calls
   * without a context argument, through {@link StatementContext#current()} on this thread.
   */
  void attach() {
    session.scopes().enter(scope);
    context.attach();
  }

  String runId() {
    return runId;
  }

  StatementScope scope() {
    return scope;
  }

  TableRefMounts mounts() {
    return mounts;
  }

  StatementContext context() {
    return context;
  }

  void kind(StatementKind kind) {
    this.kind = kind;
  }

  StatementKind kind() {
    return kind;
  }

  /**
   * Commits pending appends, the statement's target table first; returns the rows committed to
   * the target table (side writes are counted separately).
   */
  long commitWrites() {
    StatementCommit c = scope.commit();
    noteWrites(c);
    snapshots.addAll(c.snapshots());
    rowsWritten += c.mainRows();
    rowsSkipped += c.skipped();
    c.sideRows().forEach((t, n) -> sideWrites.merge(t, n, Long::sum));
    c.sideErrors().forEach(e -> warnings.add("Side write lost: " + e));
    boolean wrote = c.mainRows() > 0 || !c.sideRows().isEmpty();
    TransformRegistrations.afterCommit(session, context, wrote, snapshots, sideWrites, warnings);
    if (c.skipped() > 0) {
      warnings.add(c.skipped() + " row(s) not inserted: their id is already present ("
          + LakeTables.SKIP_EXISTING_IDS + ")");
    }
    return c.mainRows();
  }

  /** Remembers the tables a commit wrote, for the run's lineage outputs. */
  private void noteWrites(StatementCommit c) {
    TableIdentifier main = scope.mainTableId();
    if (main != null && (c.mainRows() > 0 || !c.snapshots().isEmpty())) {
      writes.add(main);
    }
    c.sideRows().keySet().forEach(t -> writes.add(TableIdentifier.parse(t)));
  }

  long rowsSkipped() {
    return rowsSkipped;
  }

  /** Rows committed to tables other than the target, by table. */
  Map<String, Long> sideWrites() {
    return Map.copyOf(sideWrites);
  }

  /** Warnings for the client: skipped rows, lost side writes. */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  void addSnapshot(long snapshotId) {
    snapshots.add(snapshotId);
  }

  void addRowsWritten(long rows) {
    rowsWritten += rows;
  }

  /**
   * Counts bytes of the run's result sent to a client; they are the run's egress when counted
   * before it finishes (a query's result is closed after its last batch was sent).
   */
  void addEgress(long bytes) {
    if (bytes < 0) {
      throw new MmlakeException(ErrorCode.INVALID_ARGUMENT, "Cannot count %d egress bytes for run "
          + "%s: give the non-negative size of the data sent", bytes, runId);
    }
    egressBytes.addAndGet(bytes);
  }

  List<Long> snapshots() {
    return List.copyOf(snapshots);
  }

  int failureCount() {
    return finished ? flushedFailures : context.failures().size();
  }

  /** Ends the run successfully, committing writes still pending (e.g. cache rows of a query). */
  void succeed() {
    if (finished) {
      return;
    }
    try {
      commitWrites();
    } catch (RuntimeException e) {
      throw fail(e);
    }
    finish("ok", null);
  }

  /** Ends the run with an error; pending writes are discarded. */
  SqlStatementException fail(Throwable t) {
    scope.abort();
    TransformUses.take(context); // a failed statement produced nothing to register
    // checkpoints of a checkpointed INSERT stay committed: the failed run lists them
    StatementCommit checkpoints = scope.takeCheckpoints();
    noteWrites(checkpoints);
    snapshots.addAll(checkpoints.snapshots());
    rowsWritten += checkpoints.mainRows();
    rowsSkipped += checkpoints.skipped();
    SqlStatementException e = SqlErrors.translate(t);
    finish("error", e.describe());
    return e;
  }

  /** Names the items of failures recorded by content only (decode, embed). */
  private void resolveFailedItems() {
    try {
      context.failures().replaceAll(FailureItems.resolve(session.lakehouse(),
          context.failures().events()));
    } catch (RuntimeException e) {
      LOG.warn("Could not name the items of the failures of run {}: {}", runId, e.getMessage());
    }
  }

  /** Emits the COMPLETE or FAIL event and queues the run's metrics. */
  private void observeEnd(String status, String error, List<FailureEvent> failed) {
    if (observation == null) {
      return;
    }
    try {
      Map<TableIdentifier, Long> reads = new LinkedHashMap<>();
      scope.reads().forEach(r -> reads.putIfAbsent(r.table(), r.snapshotId()));
      observation.finish(new RunOutcome("ok".equals(status), error, reads, List.copyOf(writes),
          snapshots(), scope.scanStats().rowsRead(), rowsWritten, rowsSkipped,
          failed, egressBytes.get()));
    } catch (RuntimeException e) {
      LOG.warn("No COMPLETE/FAIL lineage event for run {}: {}", runId, e.getMessage());
    }
  }

  /** Queues the model load and inference metrics of the embedding functions the run called. */
  private void observeInference() {
    InferenceStats inference = context.measuresIfAny(InferenceStats.class);
    if (inference == null) {
      return;
    }
    try {
      session.engine().observability().metrics(runId, inference::metrics);
    } catch (RuntimeException e) {
      LOG.warn("No inference metrics for run {}: {}", runId, e.getMessage());
    }
  }

  private String sideWritesText() {
    StringBuilder b = new StringBuilder();
    sideWrites.forEach((t, n) -> b.append(b.length() == 0 ? "" : ",").append(t).append('=')
        .append(n));
    return b.toString();
  }

  private void finish(String status, String error) {
    if (finished) {
      return;
    }
    finished = true;
    mounts.unmount();
    resolveFailedItems();
    List<FailureEvent> failed = context.failures().events();
    int failures = failed.size();
    flushedFailures = failures;
    try {
      context.failures().flush(session.lakehouse(), runId);
    } catch (RuntimeException e) {
      LOG.warn("Could not record {} item failures of run {}: {}", failures, runId, e.getMessage());
    }
    session.runLog().record(new RunRecord(runId, Sha256.hex(sql), kind, sql, session.user(),
        startedAt, Instant.now(), scope.scanStats().rowsRead(), rowsWritten, snapshots(), status,
        error, failures, rowsSkipped, sideWritesText()));
    observeEnd(status, error, failed);
    if ("ok".equals(status)) {
      observeInference(); // a failed statement records no side effects of its functions
    }
    session.scopes().leave(scope);
    StatementContext.detach();
  }
}
