package dev.mmlake.flight;

import dev.mmlake.engine.ScanExecution;
import dev.mmlake.engine.StatementResult;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.FlightProducer.StreamListener;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Runs statements for the Flight SQL producer: streams query results in a child allocator of
 * their own, runs updates, applies the row and time limits and writes the query log line.
 */
final class StatementRunner {
  private final ServerConfig config;
  private final BufferAllocator allocator;
  private final ScheduledExecutorService scheduler;
  private final QueryLog queryLog = new QueryLog();
  private final ServerMetrics metrics;
  private final boolean arrowScan;

  /**
   * @param arrowScan stream plain-scan queries from the scan's column batches (else every query
   *     goes through its JDBC result set)
   */
  StatementRunner(ServerConfig config, BufferAllocator allocator,
      ScheduledExecutorService scheduler, ServerMetrics metrics, boolean arrowScan) {
    this.arrowScan = arrowScan;
    this.config = config;
    this.allocator = allocator;
    this.scheduler = scheduler;
    this.metrics = metrics;
  }

  /** Executes a query with {@code params} and streams its rows; errors go to the listener. */
  void streamQuery(StatementHandle h, List<Object> params, ServerStreamListener listener) {
    long start = System.nanoTime();
    long[] rows = {0};
    String status = "OK";
    ScheduledFuture<?> timer = startTimer(h);
    try (BufferAllocator child = allocator.newChildAllocator("query-" + h.id().toStringUtf8(), 0,
        Long.MAX_VALUE)) {
      MmlakeFlightSqlProducer.requireQuery(h);
      h.exclusively(() -> {
        // the run is recorded (result closed) before the client hears that the query is done
        if (arrowScan && h.isPlainScan() && (params == null || params.isEmpty())) {
          try (ScanExecution scan = h.executeScan()) {
            metrics.arrowScan();
            ResultSetStreamer streamer = new ResultSetStreamer(config.maxRows(),
                () -> timedOut(start), (n, bytes) -> {
                  metrics.streamed(n, bytes);
                  scan.addEgressBytes(bytes);
                });
            rows[0] = streamer.streamBatches(scan, h.datasetSchema(), child, listener);
          } catch (SQLException e) {
            throw FlightErrors.toFlight(e);
          }
          return null;
        }
        try (StatementResult r = h.execute(params)) {
          // every batch sent is counted in Prometheus and in the run's egress (cost)
          ResultSetStreamer streamer = new ResultSetStreamer(config.maxRows(),
              () -> timedOut(start), (n, bytes) -> {
                metrics.streamed(n, bytes);
                r.addEgressBytes(bytes);
              });
          rows[0] = streamer.stream(r.resultSet(), h.datasetSchema(), child, listener);
        } catch (SQLException e) {
          throw FlightErrors.toFlight(e);
        }
        return null;
      });
      if (rows[0] < 0) {
        rows[0] = 0;
        status = "CANCELLED";
      } else {
        listener.completed();
      }
    } catch (Throwable t) {
      var f = timedOut(start) ? CallStatus.TIMED_OUT.withDescription("The query ran longer than "
          + "the server's --query-timeout of " + config.queryTimeout().toSeconds() + " s")
          .toRuntimeException()
          : h.cancelled() ? CallStatus.CANCELLED.withDescription("The query was cancelled")
              .toRuntimeException()
          : FlightErrors.toFlight(t);
      status = f.status().code().name();
      listener.error(f);
    } finally {
      if (timer != null) {
        timer.cancel(false);
      }
      queryLog.log(h.user(), h.kind().name(), h.sql(), start, rows[0], status);
      metrics.statement(h.kind().name(), status, start);
    }
  }

  /** Executes an update or DDL once; returns the rows changed. */
  long runUpdate(StatementHandle h, List<Object> params) {
    long start = System.nanoTime();
    String status = "OK";
    long count = 0;
    ScheduledFuture<?> timer = startTimer(h);
    try (StatementResult r = h.execute(params)) {
      count = Math.max(0, r.updateCount());
      return count;
    } catch (Throwable t) {
      var f = FlightErrors.toFlight(t);
      status = f.status().code().name();
      throw f;
    } finally {
      if (timer != null) {
        timer.cancel(false);
      }
      queryLog.log(h.user(), h.kind().name(), h.sql(), start, count, status);
      metrics.statement(h.kind().name(), status, start);
      metrics.written(h.kind().name(), count);
    }
  }

  private ScheduledFuture<?> startTimer(StatementHandle h) {
    Duration limit = config.queryTimeout();
    if (limit.isZero()) {
      return null;
    }
    return scheduler.schedule(h::cancel, limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  private boolean timedOut(long startNanos) {
    Duration limit = config.queryTimeout();
    return !limit.isZero() && System.nanoTime() - startNanos > limit.toNanos();
  }

  /** Parameter rows a client sent with DoPut. */
  static List<List<Object>> readParameters(FlightStream stream) {
    List<List<Object>> rows = new ArrayList<>();
    while (stream.next()) {
      rows.addAll(ArrowValues.rows(stream.getRoot()));
    }
    return rows;
  }

  /** Answers a DoPut update with its row count. */
  void sendUpdateCount(StreamListener<PutResult> ack, long count) {
    FlightSql.DoPutUpdateResult result = FlightSql.DoPutUpdateResult.newBuilder()
        .setRecordCount(count).build();
    try (ArrowBuf buf = allocator.buffer(result.getSerializedSize())) {
      buf.writeBytes(result.toByteArray());
      ack.onNext(PutResult.metadata(buf));
    }
    ack.onCompleted();
  }

}
