package dev.mmlake.flight;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.mmlake.connectors.DataRoots;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.access.SessionAccess;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
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
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Flight SQL over the mmlake engine. Every statement, ad hoc or prepared, becomes a
 * {@link StatementHandle} on a pooled session; queries run and stream in {@code DoGet},
 * updates and DDL run once in {@code DoPut}. Metadata commands go to {@link Metadata}. Each
 * entry point catches everything and answers with a Flight status ({@link FlightErrors}).
 * Sessions of read-only users are read-only engine sessions, so the engine refuses whatever a
 * statement could write or read beyond tables, whatever its kind.
 */
public final class MmlakeFlightSqlProducer extends BasicFlightSqlProducer {
  private final FlightAuth auth;
  private final FlightSessions sessions;
  private final PreparedStatementCache statements;
  private final Metadata metadata;
  private final StatementRunner runner;
  private final ServerMetrics metrics;

  MmlakeFlightSqlProducer(Engine engine, ServerConfig config, FlightAuth auth, DataRoots roots,
      BufferAllocator allocator, ScheduledExecutorService scheduler, boolean arrowScan) {
    this.auth = auth;
    this.sessions = new FlightSessions(engine, config.idleTimeout(), user -> auth.readOnly(user)
        ? SessionAccess.readOnly(roots) : SessionAccess.readWrite(roots));
    this.statements = new PreparedStatementCache(sessions, config.idleTimeout());
    this.metadata = new Metadata(engine.lakehouse(), allocator);
    this.metrics = new ServerMetrics(() -> sessions.open(), statements::size,
        engine.planCacheTotals());
    this.runner = new StatementRunner(config, allocator, scheduler, metrics, arrowScan);
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

  ServerMetrics metrics() {
    return metrics;
  }

  FlightSessions sessions() {
    return sessions;
  }

  private String user(CallContext ctx) {
    return auth.user(ctx.peerIdentity());
  }

  /** Prepares on a session with the user's access: the engine refuses what it may not do. */
  private StatementHandle prepare(CallContext ctx, String sql) {
    return statements.prepare(user(ctx), sql);
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
    try {
      StatementHandle h = acquire(command.getPreparedStatementHandle(), ctx);
      try {
        requireQuery(h);
        return info(command, descriptor, h.datasetSchema());
      } finally {
        h.release();
      }
    } catch (Throwable t) {
      throw FlightErrors.toFlight(t);
    }
  }

  @Override
  public SchemaResult getSchemaPreparedStatement(FlightSql.CommandPreparedStatementQuery command,
      CallContext ctx, FlightDescriptor descriptor) {
    try {
      StatementHandle h = acquire(command.getPreparedStatementHandle(), ctx);
      try {
        return new SchemaResult(h.datasetSchema());
      } finally {
        h.release();
      }
    } catch (Throwable t) {
      throw FlightErrors.toFlight(t);
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
      runner.streamQuery(h, rows.isEmpty() ? List.of() : rows.get(0), listener);
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
          h.bind(StatementRunner.readParameters(stream));
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
          List<List<Object>> rows = StatementRunner.readParameters(stream);
          long count = 0;
          for (List<Object> params : rows.isEmpty() ? List.of(List.<Object>of()) : rows) {
            count += runner.runUpdate(h, params);
          }
          runner.sendUpdateCount(ack, count);
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
      runner.streamQuery(h, List.of(), listener);
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
            runner.sendUpdateCount(ack, runner.runUpdate(h, List.of()));
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

  static void requireQuery(StatementHandle h) {
    if (!h.kind().returnsRows()) {
      throw CallStatus.INVALID_ARGUMENT.withDescription(h.kind() + " returns no rows: run it "
          + "with executeUpdate (a Flight SQL update), not as a query").toRuntimeException();
    }
  }

  private FlightInfo info(Message command, FlightDescriptor descriptor, Schema schema) {
    return new FlightInfo(schema, descriptor,
        List.of(new FlightEndpoint(new Ticket(Any.pack(command).toByteArray()))), -1, -1);
  }

  @Override
  public void close() {
    statements.close();
    sessions.close();
  }
}
