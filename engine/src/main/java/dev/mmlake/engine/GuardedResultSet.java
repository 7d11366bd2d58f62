package dev.mmlake.engine;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Wraps a query's result set so that an error raised while rows are produced (a corrupt blob, a
 * division by zero, a cancelled query) ends the run as failed in {@code obs.runs} and reaches the
 * caller as a {@link SqlStatementException} with its code.
 *
 * <p>The calls made once per row or value ({@code next}, {@code getObject}, the primitive
 * getters, {@code wasNull}) go to the delegate directly; reflection would cost more than the
 * value itself on a wide scan.
 */
final class GuardedResultSet implements InvocationHandler {
  /** The per-row and per-value calls. */
  private enum Direct {
    GET_OBJECT("getObject"), NEXT("next"), GET_LONG("getLong"), GET_DOUBLE("getDouble"),
    GET_STRING("getString"), GET_INT("getInt"), WAS_NULL("wasNull"), GET_FLOAT("getFloat"),
    GET_BOOLEAN("getBoolean");

    final Method method;

    Direct(String name) {
      try {
        this.method = name.equals("next") || name.equals("wasNull")
            ? ResultSet.class.getMethod(name) : ResultSet.class.getMethod(name, int.class);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("java.sql.ResultSet." + name + " is missing", e);
      }
    }
  }

  private static final Direct[] DIRECT = Direct.values();

  private final ResultSet delegate;
  /** What each method the proxy was called with resolved to; the proxy reuses its Methods. */
  private final Map<Method, Direct> resolved = new IdentityHashMap<>();
  private final RunTracker run;

  private GuardedResultSet(ResultSet delegate, RunTracker run) {
    this.delegate = delegate;
    this.run = run;
  }

  static ResultSet wrap(ResultSet rs, RunTracker run) {
    return (ResultSet) Proxy.newProxyInstance(GuardedResultSet.class.getClassLoader(),
        new Class<?>[] {ResultSet.class}, new GuardedResultSet(rs, run));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("unwrap") && args != null && args[0] == ResultSet.class) {
      return proxy;
    }
    try {
      Direct d = resolved.computeIfAbsent(method, GuardedResultSet::direct);
      return d != null ? call(d, args) : method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw failure(method, e.getCause());
    } catch (SQLException | RuntimeException e) {
      throw failure(method, e);
    }
  }

  /** The direct call for {@code method}, or null for one made through reflection. */
  private static Direct direct(Method method) {
    for (Direct d : DIRECT) {
      if (d.method.equals(method)) {
        return d;
      }
    }
    return null;
  }

  private Object call(Direct d, Object[] args) throws SQLException {
    return switch (d) {
      case GET_OBJECT -> delegate.getObject((Integer) args[0]);
      case NEXT -> delegate.next();
      case GET_LONG -> delegate.getLong((Integer) args[0]);
      case GET_DOUBLE -> delegate.getDouble((Integer) args[0]);
      case GET_STRING -> delegate.getString((Integer) args[0]);
      case GET_INT -> delegate.getInt((Integer) args[0]);
      case WAS_NULL -> delegate.wasNull();
      case GET_FLOAT -> delegate.getFloat((Integer) args[0]);
      case GET_BOOLEAN -> delegate.getBoolean((Integer) args[0]);
    };
  }

  private Throwable failure(Method method, Throwable cause) {
    if (cause instanceof SQLException && method.getName().startsWith("get")
        && !(cause.getCause() instanceof RuntimeException)) {
      return cause; // a plain JDBC usage error (wrong column index/type): not a failed run
    }
    return run.fail(cause);
  }
}
