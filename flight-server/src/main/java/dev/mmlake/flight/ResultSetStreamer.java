package dev.mmlake.flight;

import dev.mmlake.engine.ScanExecution;
import dev.mmlake.engine.iceberg.columnar.ColumnBatch;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Streams a JDBC result set to a Flight client as Arrow record batches of at most
 * {@link #BATCH_ROWS} rows. One batch is in memory at a time; the producer waits while the
 * client is slow (backpressure), so memory stays bounded whatever the result size.
 */
final class ResultSetStreamer {
  static final int BATCH_ROWS = 4096;
  private static final long READY_WAIT_MS = 1_000;

  private final long maxRows;
  private final BooleanSupplier timedOut;
  private final BatchSink batches;

  /** Told the rows and Arrow buffer bytes of every batch sent. */
  interface BatchSink {
    void batch(long rows, long bytes);
  }

  /**
   * @param maxRows most rows to send, 0 for no limit
   * @param timedOut true once the query ran past its time limit
   * @param sent told about every batch sent (metrics)
   */
  ResultSetStreamer(long maxRows, BooleanSupplier timedOut, BatchSink sent) {
    this.maxRows = maxRows;
    this.timedOut = timedOut;
    this.batches = sent;
  }

  /**
   * Sends every row of {@code rs} as {@code schema}; returns the rows sent, or -1 when the client
   * cancelled. The caller closes {@code rs} and then completes (or fails) the listener.
   */
  long stream(ResultSet rs, Schema schema, BufferAllocator allocator, ServerStreamListener listener)
      throws SQLException {
    BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
    backpressure.register(listener);
    long sent = 0;
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      List<FieldVector> vectors = root.getFieldVectors();
      int columns = vectors.size();
      listener.start(root);
      boolean more = true;
      while (more) {
        root.allocateNew();
        int n = 0;
        while (n < BATCH_ROWS && (more = rs.next())) {
          if (maxRows > 0 && sent + n >= maxRows) {
            throw CallStatus.RESOURCE_EXHAUSTED.withDescription("The query returns more than "
                + maxRows + " rows (the server's --max-rows); add a LIMIT or a WHERE clause")
                .toRuntimeException();
          }
          for (int c = 0; c < columns; c++) {
            ArrowValues.set(vectors.get(c), n, rs.getObject(c + 1));
          }
          n++;
        }
        int sentNow = send(root, n, sent, backpressure, listener);
        if (sentNow < 0) {
          return -1;
        }
        if (sentNow == 0) {
          break;
        }
        sent += n;
      }
    }
    return sent;
  }

  /**
   * Sends the rows of a plain-scan query as {@code schema}, filling the vectors straight from
   * the scan's column batches ({@link ArrowBatches}) into Arrow batches of {@link #BATCH_ROWS}
   * rows (small filtered batches are gathered, big ones split); the same limits, backpressure
   * and return value as {@link #stream}. The caller closes {@code scan}.
   */
  long streamBatches(ScanExecution scan, Schema schema, BufferAllocator allocator,
      ServerStreamListener listener) throws SQLException {
    BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
    backpressure.register(listener);
    long sent = 0;
    ColumnBatch pending = null;
    int pendingFrom = 0;
    boolean more = true;
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      List<FieldVector> vectors = root.getFieldVectors();
      listener.start(root);
      while (more) {
        root.allocateNew();
        int n = 0;
        while (n < BATCH_ROWS) {
          if (pending == null) {
            pending = scan.next();
            pendingFrom = 0;
            if (pending == null) {
              more = false;
              break;
            }
          }
          int take = Math.min(BATCH_ROWS - n, pending.selectedCount() - pendingFrom);
          if (maxRows > 0 && sent + n + take > maxRows) {
            throw CallStatus.RESOURCE_EXHAUSTED.withDescription("The query returns more than "
                + maxRows + " rows (the server's --max-rows); add a LIMIT or a WHERE clause")
                .toRuntimeException();
          }
          ColumnBatch part = pending.slice(pendingFrom, pendingFrom + take);
          for (int c = 0; c < vectors.size(); c++) {
            ArrowBatches.append(vectors.get(c), part.column(c), part, n);
          }
          n += take;
          pendingFrom += take;
          if (pendingFrom == pending.selectedCount()) {
            pending = null;
          }
        }
        int sentNow = send(root, n, sent, backpressure, listener);
        if (sentNow < 0) {
          return -1;
        }
        if (sentNow == 0) {
          break;
        }
        sent += n;
      }
    }
    return sent;
  }

  /**
   * Sends the {@code n} rows filled into {@code root} once the client can take them: 1 when
   * sent, 0 when there is nothing more to send (an empty batch after the first), -1 when the
   * client cancelled or went away.
   */
  private int send(VectorSchemaRoot root, int n, long sent, BackpressureStrategy backpressure,
      ServerStreamListener listener) {
    if (listener.isCancelled()) {
      return -1;
    }
    checkTime();
    if (n == 0 && sent > 0) {
      return 0;
    }
    root.setRowCount(n);
    if (!waitForClient(backpressure, listener)) {
      return -1;
    }
    listener.putNext();
    long bytes = 0;
    for (FieldVector v : root.getFieldVectors()) {
      bytes += v.getBufferSize();
    }
    batches.batch(n, bytes);
    return 1;
  }

  private void checkTime() {
    if (timedOut.getAsBoolean()) {
      throw CallStatus.TIMED_OUT.withDescription("The query ran longer than the server's "
          + "--query-timeout; narrow it or raise the limit").toRuntimeException();
    }
  }

  private boolean waitForClient(BackpressureStrategy backpressure, ServerStreamListener listener) {
    while (true) {
      switch (backpressure.waitForListener(READY_WAIT_MS)) {
        case READY:
          return true;
        case CANCELLED:
          return false;
        case TIMEOUT:
        default:
          if (listener.isCancelled()) {
            return false;
          }
          checkTime();
      }
    }
  }
}
