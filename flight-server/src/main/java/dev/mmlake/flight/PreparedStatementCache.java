package dev.mmlake.flight;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalListener;
import com.google.protobuf.ByteString;
import dev.mmlake.engine.PreparedSql;
import dev.mmlake.engine.Session;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The prepared statements clients hold, by handle. The JDBC driver does not always close its
 * prepared statements, so a statement unused for the idle timeout is closed and its session
 * returned to the pool ({@link #cleanUp()} runs periodically).
 */
final class PreparedStatementCache implements AutoCloseable {
  private final FlightSessions sessions;
  private final Cache<ByteString, StatementHandle> handles;

  PreparedStatementCache(FlightSessions sessions, Duration ttl) {
    this.sessions = sessions;
    RemovalListener<ByteString, StatementHandle> onRemove = n -> n.getValue().close();
    this.handles = CacheBuilder.newBuilder().expireAfterAccess(ttl).removalListener(onRemove)
        .build();
  }

  /** Prepares {@code sql} for {@code user} on a pooled session. */
  StatementHandle prepare(String user, String sql) {
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
          ? ArrowTypes.schema(prepared.resultMetaData()) : new Schema(java.util.List.of());
      parameters = ArrowTypes.parameters(prepared.parameterMetaData());
    } catch (SQLException | RuntimeException e) {
      prepared.close();
      sessions.giveBack(session);
      throw FlightErrors.toFlight(e);
    }
    ByteString id = ByteString.copyFrom(UUID.randomUUID().toString(), StandardCharsets.US_ASCII);
    StatementHandle h = new StatementHandle(id, user, session, prepared, dataset, parameters,
        sessions);
    handles.put(id, h);
    return h;
  }

  /** The open statement {@code id} of {@code user}, marked busy; release it when done. */
  StatementHandle acquire(ByteString id, String user) {
    StatementHandle h = handles.getIfPresent(id);
    if (h == null || !h.user().equals(user) || !h.acquire()) {
      throw CallStatus.NOT_FOUND.withDescription("Prepared statement " + id.toStringUtf8()
          + " is closed or expired (unused longer than the server's --idle-timeout); prepare "
          + "it again").toRuntimeException();
    }
    return h;
  }

  /** The statement if it is open, without marking it busy (for cancel). */
  StatementHandle peek(ByteString id) {
    return handles.getIfPresent(id);
  }

  void close(ByteString id) {
    handles.invalidate(id);
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
