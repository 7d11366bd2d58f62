package dev.mmlake.engine;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Wraps a query's result set so that an error raised while rows are produced (a corrupt blob, a
 * division by zero, a cancelled query) ends the run as failed in {@code obs.runs} and reaches the
 * caller as a {@link SqlStatementException} with its code.
 */
final class GuardedResultSet implements InvocationHandler {
  private final ResultSet delegate;
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
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException && method.getName().startsWith("get")
          && !(cause.getCause() instanceof RuntimeException)) {
        throw cause; // a plain JDBC usage error (wrong column index/type): not a failed run
      }
      throw run.fail(cause);
    }
  }
}
