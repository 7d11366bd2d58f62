package dev.mmlake.flight;

import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.access.SessionAccess;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pools engine sessions per user. Opening a session costs a Calcite connection and schema
 * mounting, so a statement borrows an idle one and gives it back when it closes; sessions idle
 * longer than the idle timeout are closed by {@link #evictIdle()}. Every borrowed session gets
 * the user's access as it is at that moment (read-only or not, the server's data roots).
 */
final class FlightSessions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlightSessions.class);

  private record Idle(Session session, long since) {
  }

  private final Engine engine;
  private final Function<String, SessionAccess> accessOf;
  private final long idleNanos;
  private final Map<String, Deque<Idle>> idle = new HashMap<>();
  private int open;
  private boolean closed;

  FlightSessions(Engine engine, Duration idleTimeout, Function<String, SessionAccess> accessOf) {
    this.engine = engine;
    this.accessOf = accessOf;
    this.idleNanos = idleTimeout.toNanos();
  }

  /** An idle session of {@code user}, or a new one, with the user's current access. */
  Session borrow(String user) {
    SessionAccess access = accessOf.apply(user);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("The server is shutting down");
      }
      Deque<Idle> q = idle.get(user);
      Idle i = q == null ? null : q.pollFirst();
      if (i != null) {
        i.session().access(access);
        return i.session();
      }
      open++;
    }
    try {
      Session s = engine.newSession(user);
      s.access(access);
      return s;
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        open--;
      }
      throw e;
    }
  }

  /** Gives a borrowed session its user's access as it is now. */
  void refreshAccess(Session session) {
    session.access(accessOf.apply(session.user()));
  }

  /** Returns a session to the pool (most recently used first). */
  void giveBack(Session session) {
    synchronized (this) {
      if (!closed) {
        idle.computeIfAbsent(session.user(), u -> new ArrayDeque<>())
            .addFirst(new Idle(session, System.nanoTime()));
        return;
      }
      open--;
    }
    closeQuietly(session);
  }

  /** Closes a session that must not be reused (its state is unknown after an error). */
  void discard(Session session) {
    synchronized (this) {
      open--;
    }
    closeQuietly(session);
  }

  /** Closes sessions idle for longer than the idle timeout. */
  void evictIdle() {
    long now = System.nanoTime();
    Deque<Session> expired = new ArrayDeque<>();
    synchronized (this) {
      for (Iterator<Deque<Idle>> it = idle.values().iterator(); it.hasNext(); ) {
        Deque<Idle> q = it.next();
        while (!q.isEmpty() && now - q.peekLast().since() > idleNanos) {
          expired.add(q.pollLast().session());
          open--;
        }
        if (q.isEmpty()) {
          it.remove();
        }
      }
    }
    expired.forEach(FlightSessions::closeQuietly);
  }

  /** Sessions open, borrowed or idle. */
  synchronized int open() {
    return open;
  }

  synchronized int idle() {
    return idle.values().stream().mapToInt(Deque::size).sum();
  }

  @Override
  public void close() {
    Deque<Session> all = new ArrayDeque<>();
    synchronized (this) {
      closed = true;
      idle.values().forEach(q -> q.forEach(i -> all.add(i.session())));
      open -= all.size();
      idle.clear();
    }
    all.forEach(FlightSessions::closeQuietly);
  }

  private static void closeQuietly(Session s) {
    try {
      s.close();
    } catch (RuntimeException e) {
      LOG.warn("Closing a session of {} failed: {}", s.user(), e.toString());
    }
  }
}
