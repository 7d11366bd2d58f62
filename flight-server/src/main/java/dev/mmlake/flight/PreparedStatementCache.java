package dev.mmlake.flight;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalCause;
import com.google.common.cache.RemovalListener;
import com.google.common.util.concurrent.ExecutionError;
import com.google.common.util.concurrent.UncheckedExecutionException;
import com.google.protobuf.ByteString;
import dev.mmlake.engine.PreparedSql;
import dev.mmlake.engine.Session;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The prepared statements clients hold, by handle. The JDBC driver does not always close its
 * prepared statements, so a statement unused for the idle timeout is closed and its session
 * returned to the pool ({@link #cleanUp()} runs periodically). Only its SQL text is remembered
 * (for a day, at most {@value #REMEMBERED} handles): a client that comes back to an expired handle
 * gets it prepared again transparently.
 */
final class PreparedStatementCache implements AutoCloseable {
  static final int REMEMBERED = 10_000;

  /** What is kept of an expired statement so that it can be prepared again. */
  private record Expired(String user, String sql) {
  }

  private final FlightSessions sessions;
  private final Cache<ByteString, StatementHandle> handles;
  private final Cache<ByteString, Expired> expired = CacheBuilder.newBuilder()
      .maximumSize(REMEMBERED).expireAfterWrite(Duration.ofDays(1)).build();

  PreparedStatementCache(FlightSessions sessions, Duration ttl) {
    this.sessions = sessions;
    RemovalListener<ByteString, StatementHandle> onRemove = n -> {
      if (n.getCause() == RemovalCause.EXPIRED) {
        expired.put(n.getKey(), new Expired(n.getValue().user(), n.getValue().sql()));
      }
      n.getValue().close();
    };
    this.handles = CacheBuilder.newBuilder().expireAfterAccess(ttl).removalListener(onRemove)
        .build();
  }

  /** Prepares {@code sql} for {@code user} on a pooled session. */
  StatementHandle prepare(String user, String sql) {
    ByteString id = ByteString.copyFrom(UUID.randomUUID().toString(), StandardCharsets.US_ASCII);
    StatementHandle h = create(id, user, sql);
    handles.put(id, h);
    return h;
  }

  private StatementHandle create(ByteString id, String user, String sql) {
    Session session = sessions.borrow(user);
    PreparedSql prepared;
    try {
      prepared = session.prepare(sql);
    } catch (RuntimeException | Error e) {
      sessions.giveBack(session);
      throw e;
    }
    Schema dataset;
    Schema parameters;
    try {
      dataset = prepared.kind().returnsRows()
          ? ArrowTypes.schema(prepared.resultMetaData()) : new Schema(List.of());
      parameters = ArrowTypes.parameters(prepared.parameterMetaData());
    } catch (SQLException | RuntimeException e) {
      prepared.close();
      sessions.giveBack(session);
      throw FlightErrors.toFlight(e);
    }
    return new StatementHandle(id, user, session, prepared, dataset, parameters, sessions);
  }

  /** The open statement {@code id} of {@code user}, marked busy; release it when done. */
  StatementHandle acquire(ByteString id, String user) {
    StatementHandle h = handles.getIfPresent(id);
    if (h == null) {
      h = revive(id, user);
    }
    if (h == null || !h.user().equals(user) || !h.acquire()) {
      throw CallStatus.NOT_FOUND.withDescription("Prepared statement " + id.toStringUtf8()
          + " is closed, or expired long ago (unused longer than the server's --idle-timeout); "
          + "prepare it again").toRuntimeException();
    }
    return h;
  }

  private StatementHandle revive(ByteString id, String user) {
    Expired e = expired.getIfPresent(id);
    if (e == null || !e.user().equals(user)) {
      return null;
    }
    try {
      StatementHandle h = handles.get(id, () -> create(id, e.user(), e.sql()));
      expired.invalidate(id);
      return h;
    } catch (ExecutionException | UncheckedExecutionException | ExecutionError x) {
      throw FlightErrors.toFlight(x.getCause());
    }
  }

  /** The statement if it is open, without marking it busy (for cancel). */
  StatementHandle peek(ByteString id) {
    return handles.getIfPresent(id);
  }

  void close(ByteString id) {
    handles.invalidate(id);
    expired.invalidate(id);
  }

  /** Closes statements past their idle time. */
  void cleanUp() {
    handles.cleanUp();
  }

  long size() {
    handles.cleanUp();
    return handles.size();
  }

  @Override
  public void close() {
    handles.invalidateAll();
    handles.cleanUp();
  }
}
