package dev.mmlake.flight;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.StatementResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.BasicFlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Flight SQL over the mmlake engine. Every statement, ad hoc or prepared, becomes a
 * {@link StatementHandle} on a pooled session; queries run and stream in {@code DoGet},
 * updates and DDL run once in {@code DoPut}. Metadata commands go to {@link Metadata}. Each
 * entry point catches everything and answers with a Flight status ({@link FlightErrors}).
 */
public final class MmlakeFlightSqlProducer extends BasicFlightSqlProducer {
  private final ServerConfig config;
  private final FlightAuth auth;
  private final BufferAllocator allocator;
  private final FlightSessions sessions;
  private final PreparedStatementCache statements;
  private final Metadata metadata;
  private final ScheduledExecutorService scheduler;
  private final QueryLog queryLog = new QueryLog();

  MmlakeFlightSqlProducer(Engine engine, ServerConfig config, FlightAuth auth,
      BufferAllocator allocator, ScheduledExecutorService scheduler) {
    this.config = config;
    this.auth = auth;
    this.allocator = allocator;
    this.scheduler = scheduler;
    this.sessions = new FlightSessions(engine, config.idleTimeout());
    this.statements = new PreparedStatementCache(sessions, config.idleTimeout());
    this.metadata = new Metadata(engine.lakehouse(), allocator);
    long sweep = Math.max(1, Math.min(60, config.idleTimeout().toSeconds() / 4));
    scheduler.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.SECONDS);
  }

  private void sweep() {
    statements.cleanUp();
    sessions.evictIdle();
  }

  /** Open prepared statements (for tests and monitoring). */
  long openStatements() {
    return statements.size();
  }

  FlightSessions sessions() {
    return sessions;
  }

  private String user(CallContext ctx) {
    return auth.user(ctx.peerIdentity());
  }

  private StatementHandle prepare(CallContext ctx, String sql) {
    String user = user(ctx);
    StatementHandle h = statements.prepare(user, sql);
    if (h.kind().isWrite() && auth.readOnly(user)) {
      statements.close(h.id());
      throw FlightErrors.permissionDenied("Permission denied: user " + user + " is read-only, "
          + h.kind() + " statements are refused; ask an administrator for a read-write user");
    }
    return h;
  }

  // ---- prepared statements -------------------------------------------------------------------

  @Override
  public void createPreparedStatement(FlightSql.ActionCreatePreparedStatementRequest request,
      CallContext ctx, StreamListener<Result> listener) {
    try {
      StatementHandle h = prepare(ctx, request.getQuery());
      FlightSql.ActionCreatePreparedStatementResult result =
          FlightSql.ActionCreatePreparedStatementResult.newBuilder()
              .setPreparedStatementHandle(h.id())
              .setDatasetSchema(ByteString.copyFrom(h.datasetSchema().serializeAsMessage()))
              .setParameterSchema(ByteString.copyFrom(h.parameterSchema().serializeAsMessage()))
              .build();
      listener.onNext(new Result(Any.pack(result).toByteArray()));
      listener.onCompleted();
    } catch (Throwable t) {
      listener.onError(FlightErrors.toFlight(t));
    }
  }

  @Override
  public void closePreparedStatement(FlightSql.ActionClosePreparedStatementRequest request,
      CallContext ctx, StreamListener<Result> listener) {
    try {
      statements.close(request.getPreparedStatementHandle());
      listener.onCompleted();
    } catch (Throwable t) {
      listener.onError(FlightErrors.toFlight(t));
    }
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(FlightSql.CommandPreparedStatementQuery command,
      CallContext ctx, FlightDescriptor descriptor) {
    StatementHandle h = acquire(command.getPreparedStatementHandle(), ctx);
    try {
      requireQuery(h);
      return info(command, descriptor, h.datasetSchema());
    } finally {
      h.release();
    }
  }

  @Override
  public SchemaResult getSchemaPreparedStatement(FlightSql.CommandPreparedStatementQuery command,
      CallContext ctx, FlightDescriptor descriptor) {
    StatementHandle h = acquire(command.getPreparedStatementHandle(), ctx);
    try {
      return new SchemaResult(h.datasetSchema());
    } finally {
      h.release();
    }
  }

  @Override
  public void getStreamPreparedStatement(FlightSql.CommandPreparedStatementQuery command,
      CallContext ctx, ServerStreamListener listener) {
    StatementHandle h;
    try {
      h = acquire(command.getPreparedStatementHandle(), ctx);
    } catch (Throwable t) {
      listener.error(FlightErrors.toFlight(t));
      return;
    }
    try {
      List<List<Object>> rows = h.parameterRows();
      streamQuery(h, rows.isEmpty() ? List.of() : rows.get(0), listener);
    } finally {
      h.release();
    }
  }

  @Override
  public Runnable acceptPutPreparedStatementQuery(FlightSql.CommandPreparedStatementQuery command,
      CallContext ctx, FlightStream stream, StreamListener<PutResult> ack) {
    return () -> {
      try {
        StatementHandle h = acquire(command.getPreparedStatementHandle(), ctx);
        try {
          h.bind(readParameters(stream));
        } finally {
          h.release();
        }
        ack.onCompleted();
      } catch (Throwable t) {
        ack.onError(FlightErrors.toFlight(t));
      }
    };
  }

  @Override
  public Runnable acceptPutPreparedStatementUpdate(FlightSql.CommandPreparedStatementUpdate command,
      CallContext ctx, FlightStream stream, StreamListener<PutResult> ack) {
    return () -> {
      try {
        StatementHandle h = acquire(command.getPreparedStatementHandle(), ctx);
        try {
          List<List<Object>> rows = readParameters(stream);
          long count = 0;
          for (List<Object> params : rows.isEmpty() ? List.of(List.<Object>of()) : rows) {
            count += runUpdate(h, params);
          }
          sendUpdateCount(ack, count);
        } finally {
          h.release();
        }
      } catch (Throwable t) {
        ack.onError(FlightErrors.toFlight(t));
      }
    };
  }

  // ---- ad hoc statements ---------------------------------------------------------------------

  @Override
  public FlightInfo getFlightInfoStatement(FlightSql.CommandStatementQuery command,
      CallContext ctx, FlightDescriptor descriptor) {
    try {
      StatementHandle h = prepare(ctx, command.getQuery());
      if (!h.kind().returnsRows()) {
        statements.close(h.id());
        requireQuery(h);
      }
      FlightSql.TicketStatementQuery ticket = FlightSql.TicketStatementQuery.newBuilder()
          .setStatementHandle(h.id()).build();
      return info(ticket, descriptor, h.datasetSchema());
    } catch (Throwable t) {
      throw FlightErrors.toFlight(t);
    }
  }

  @Override
  public SchemaResult getSchemaStatement(FlightSql.CommandStatementQuery command, CallContext ctx,
      FlightDescriptor descriptor) {
    try {
      StatementHandle h = prepare(ctx, command.getQuery());
      statements.close(h.id());
      return new SchemaResult(h.datasetSchema());
    } catch (Throwable t) {
      throw FlightErrors.toFlight(t);
    }
  }

  @Override
  public void getStreamStatement(FlightSql.TicketStatementQuery ticket, CallContext ctx,
      ServerStreamListener listener) {
    StatementHandle h;
    try {
      h = acquire(ticket.getStatementHandle(), ctx);
    } catch (Throwable t) {
      listener.error(FlightErrors.toFlight(t));
      return;
    }
    try {
      streamQuery(h, List.of(), listener);
    } finally {
      h.release();
      statements.close(h.id()); // ad hoc statements run once
    }
  }

  @Override
  public Runnable acceptPutStatement(FlightSql.CommandStatementUpdate command, CallContext ctx,
      FlightStream stream, StreamListener<PutResult> ack) {
    return () -> {
      try {
        StatementHandle h = prepare(ctx, command.getQuery());
        try {
          if (!h.acquire()) {
            throw CallStatus.INTERNAL.withDescription("Statement closed").toRuntimeException();
          }
          try {
            sendUpdateCount(ack, runUpdate(h, List.of()));
          } finally {
            h.release();
          }
        } finally {
          statements.close(h.id());
        }
      } catch (Throwable t) {
        ack.onError(FlightErrors.toFlight(t));
      }
    };
  }

  // ---- cancellation --------------------------------------------------------------------------

  @Override
  public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext ctx,
      StreamListener<CancelStatus> listener) {
    try {
      boolean any = false;
      for (FlightEndpoint e : request.getInfo().getEndpoints()) {
        StatementHandle h = statements.peek(handleOf(e.getTicket()));
        if (h != null && h.user().equals(user(ctx))) {
          h.cancel();
          any = true;
        }
      }
      listener.onNext(any ? CancelStatus.CANCELLED : CancelStatus.NOT_CANCELLABLE);
      listener.onCompleted();
    } catch (Throwable t) {
      listener.onError(FlightErrors.toFlight(t));
    }
  }

  private static ByteString handleOf(Ticket ticket) throws InvalidProtocolBufferException {
    Any any = Any.parseFrom(ticket.getBytes());
    if (any.is(FlightSql.CommandPreparedStatementQuery.class)) {
      return any.unpack(FlightSql.CommandPreparedStatementQuery.class).getPreparedStatementHandle();
    }
    if (any.is(FlightSql.TicketStatementQuery.class)) {
      return any.unpack(FlightSql.TicketStatementQuery.class).getStatementHandle();
    }
    return ByteString.EMPTY;
  }

  // ---- metadata ------------------------------------------------------------------------------

  @Override
  protected <T extends Message> List<FlightEndpoint> determineEndpoints(T request,
      FlightDescriptor descriptor, Schema schema) {
    return List.of(new FlightEndpoint(new Ticket(Any.pack(request).toByteArray())));
  }

  @Override
  public void getStreamSqlInfo(FlightSql.CommandGetSqlInfo command, CallContext ctx,
      ServerStreamListener listener) {
    metadataCall(listener, () -> metadata.sqlInfo(command, auth.readOnly(user(ctx)), listener));
  }

  @Override
  public void getStreamTypeInfo(FlightSql.CommandGetXdbcTypeInfo command, CallContext ctx,
      ServerStreamListener listener) {
    metadataCall(listener, () -> metadata.typeInfo(command, listener));
  }

  @Override
  public void getStreamCatalogs(CallContext ctx, ServerStreamListener listener) {
    metadataCall(listener, () -> metadata.catalogs(listener));
  }

  @Override
  public void getStreamSchemas(FlightSql.CommandGetDbSchemas command, CallContext ctx,
      ServerStreamListener listener) {
    metadataCall(listener, () -> metadata.schemas(command, listener));
  }

  @Override
  public void getStreamTables(FlightSql.CommandGetTables command, CallContext ctx,
      ServerStreamListener listener) {
    metadataCall(listener, () -> metadata.tables(command, listener));
  }

  @Override
  public void getStreamTableTypes(CallContext ctx, ServerStreamListener listener) {
    metadataCall(listener, () -> metadata.tableTypes(listener));
  }

  @Override
  public void getStreamPrimaryKeys(FlightSql.CommandGetPrimaryKeys command, CallContext ctx,
      ServerStreamListener listener) {
    metadataCall(listener, () -> metadata.empty(Schemas.GET_PRIMARY_KEYS_SCHEMA, listener));
  }

  @Override
  public void getStreamExportedKeys(FlightSql.CommandGetExportedKeys command, CallContext ctx,
      ServerStreamListener listener) {
    metadataCall(listener, () -> metadata.empty(Schemas.GET_EXPORTED_KEYS_SCHEMA, listener));
  }

  @Override
  public void getStreamImportedKeys(FlightSql.CommandGetImportedKeys command, CallContext ctx,
      ServerStreamListener listener) {
    metadataCall(listener, () -> metadata.empty(Schemas.GET_IMPORTED_KEYS_SCHEMA, listener));
  }

  @Override
  public void getStreamCrossReference(FlightSql.CommandGetCrossReference command, CallContext ctx,
      ServerStreamListener listener) {
    metadataCall(listener, () -> metadata.empty(Schemas.GET_CROSS_REFERENCE_SCHEMA, listener));
  }

  private static void metadataCall(ServerStreamListener listener, Runnable call) {
    try {
      call.run();
    } catch (Throwable t) {
      listener.error(FlightErrors.toFlight(t));
    }
  }

  // ---- execution -----------------------------------------------------------------------------

  private StatementHandle acquire(ByteString id, CallContext ctx) {
    return statements.acquire(id, user(ctx));
  }

  private static void requireQuery(StatementHandle h) {
    if (!h.kind().returnsRows()) {
      throw CallStatus.INVALID_ARGUMENT.withDescription(h.kind() + " returns no rows: run it "
          + "with executeUpdate (a Flight SQL update), not as a query").toRuntimeException();
    }
  }

  private FlightInfo info(Message command, FlightDescriptor descriptor, Schema schema) {
    return new FlightInfo(schema, descriptor,
        List.of(new FlightEndpoint(new Ticket(Any.pack(command).toByteArray()))), -1, -1);
  }

  private void streamQuery(StatementHandle h, List<Object> params, ServerStreamListener listener) {
    long start = System.nanoTime();
    long[] rows = {0};
    String status = "OK";
    ScheduledFuture<?> timer = startTimer(h);
    try (BufferAllocator child = allocator.newChildAllocator("query-" + h.id().toStringUtf8(), 0,
        Long.MAX_VALUE)) {
      requireQuery(h);
      h.exclusively(() -> {
        // the run is recorded (result closed) before the client hears that the query is done
        try (StatementResult r = h.execute(params)) {
          ResultSetStreamer streamer = new ResultSetStreamer(config.maxRows(),
              () -> timedOut(start));
          rows[0] = streamer.stream(r.resultSet(), h.datasetSchema(), child, listener);
        } catch (java.sql.SQLException e) {
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
          .toRuntimeException() : FlightErrors.toFlight(t);
      status = f.status().code().name();
      listener.error(f);
    } finally {
      if (timer != null) {
        timer.cancel(false);
      }
      queryLog.log(h.user(), h.kind().name(), h.sql(), start, rows[0], status);
    }
  }

  private long runUpdate(StatementHandle h, List<Object> params) {
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

  private static List<List<Object>> readParameters(FlightStream stream) {
    List<List<Object>> rows = new ArrayList<>();
    while (stream.next()) {
      rows.addAll(ArrowValues.rows(stream.getRoot()));
    }
    return rows;
  }

  private void sendUpdateCount(StreamListener<PutResult> ack, long count) {
    FlightSql.DoPutUpdateResult result = FlightSql.DoPutUpdateResult.newBuilder()
        .setRecordCount(count).build();
    try (ArrowBuf buf = allocator.buffer(result.getSerializedSize())) {
      buf.writeBytes(result.toByteArray());
      ack.onNext(PutResult.metadata(buf));
    }
    ack.onCompleted();
  }

  @Override
  public void close() {
    statements.close();
    sessions.close();
  }
}
