package dev.mmlake.functions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The SQL functions mmlake knows, by SQL name: what every {@link FunctionProvider} on the class
 * path registers (found with {@link ServiceLoader} on first use), plus what {@link #register}
 * adds. It names no function class itself.
 *
 * <p>A scalar function class is plain Java with one or more public {@code eval} methods
 * (overloads by argument type); the engine wraps them for Calcite. Classes read their lakehouse
 * from {@link dev.mmlake.catalog.StatementContext#current()}. Argument and result types follow
 * Calcite's internal representation: VARBINARY is
 * {@code org.apache.calcite.avatica.util.ByteString}, ARRAY is {@code java.util.List}, REAL is
 * {@code Float}, TIMESTAMP is epoch millis as {@code Long}.
 */
public final class FunctionCatalog {
  /** A registered table function: a public static method of {@code owner}. */
  public record TableMethod(Class<?> owner, String methodName) {
  }

  private static Map<String, Class<?>> scalars;
  private static Map<String, TableMethod> tables;

  private FunctionCatalog() {
  }

  private static void load() {
    if (scalars != null) {
      return;
    }
    Map<String, Class<?>> s = new LinkedHashMap<>();
    Map<String, TableMethod> t = new LinkedHashMap<>();
    for (FunctionProvider p : ServiceLoader.load(FunctionProvider.class,
        FunctionCatalog.class.getClassLoader())) {
      p.register(new FunctionRegistry() {
        @Override
        public void scalar(String sqlName, Class<?> evalClass) {
          String name = sqlName.toUpperCase(Locale.ROOT);
          unique(name, s, t, p);
          s.put(name, evalClass);
        }

        @Override
        public void table(String sqlName, Class<?> owner, String publicStaticMethodName) {
          unique(sqlName, s, t, p);
          t.put(sqlName, new TableMethod(owner, publicStaticMethodName));
        }
      });
    }
    scalars = s;
    tables = t;
  }

  private static void unique(String name, Map<String, ?> scalars, Map<String, ?> tables,
      FunctionProvider by) {
    if (scalars.containsKey(name) || tables.containsKey(name)) {
      throw new IllegalStateException("SQL function " + name + " is registered twice (the "
          + "second time by " + by.getClass().getName() + ")");
    }
  }

  /** The scalar functions: SQL name to the class with the {@code eval} methods. */
  public static synchronized Map<String, Class<?>> scalars() {
    load();
    return Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
  }

  /** The table functions: SQL name to the method that returns the table. */
  public static synchronized Map<String, TableMethod> tables() {
    load();
    return Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }

  /**
   * Adds or replaces a scalar function (a user-defined one, or one from a plugin without a
   * services file). Sessions opened afterwards see it.
   */
  public static synchronized void register(String sqlName, Class<?> functionClass) {
    load();
    scalars.put(sqlName.toUpperCase(Locale.ROOT), functionClass);
  }
}
