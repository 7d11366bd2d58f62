package dev.mmlake.engine;

import dev.mmlake.engine.iceberg.ScanBatches;
import dev.mmlake.engine.iceberg.columnar.ColumnBatch;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;

/**
 * One execution of a plain-scan query ({@link PreparedSql#executeScan()}): its rows as column
 * batches, in the order the row path returns them. Read and close it on the thread that executed
 * it; closing records the run (as closing a {@link StatementResult} does), an error while reading
 * ends it as failed.
 */
public final class ScanExecution implements AutoCloseable {
  private final RunTracker run;
  private final ScanBatches batches;
  private volatile boolean cancelled;
  private boolean failed;

  ScanExecution(RunTracker run, ScanBatches batches) {
    this.run = run;
    this.batches = batches;
  }

  /**
   * The next batch of result rows (its selected rows, columns in result order), or null after
   * the last one.
   *
   * @throws SqlStatementException when reading fails or the query was cancelled
   */
  public ColumnBatch next() {
    try {
      if (cancelled) {
        throw new MmlakeException(ErrorCode.CANCELLED, "The query was cancelled");
      }
      return batches.next();
    } catch (Throwable t) {
      failed = true;
      batches.close();
      throw run.fail(t);
    }
  }

  public String runId() {
    return run.runId();
  }

  /** Rows scanned so far (before the filter), as {@link StatementResult#rowsRead()}. */
  public long rowsRead() {
    return run.scope().scanStats().rowsRead();
  }

  /** Data files opened so far. */
  public long filesScanned() {
    return run.scope().scanStats().filesScanned();
  }

  /**
   * Counts {@code bytes} of this query's result sent to the client; as
   * {@link StatementResult#addEgressBytes(long)}, they become the run's egress.
   */
  public void addEgressBytes(long bytes) {
    run.addEgress(bytes);
  }

  /** Makes the next {@link #next()} fail as cancelled; callable from any thread. */
  public void cancel() {
    cancelled = true;
  }

  @Override
  public void close() {
    batches.close();
    if (!failed) {
      run.succeed();
    }
  }
}
