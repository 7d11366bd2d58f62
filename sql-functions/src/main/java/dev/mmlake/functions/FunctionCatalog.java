package dev.mmlake.functions;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

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
 *
 * <p>Each function's {@link Effect}s are those given at registration plus those of an
 * {@link Effects} annotation on its class ({@link #effects()}).
 */
public final class FunctionCatalog {
  /** A registered table function: a public static method of {@code owner}. */
  public record TableMethod(Class<?> owner, String methodName) {
  }

  private static Map<String, Class<?>> scalars;
  private static Map<String, TableMethod> tables;
  private static Map<String, Set<Effect>> effects;

  private FunctionCatalog() {
  }

  private static void load() {
    if (scalars != null) {
      return;
    }
    Map<String, Class<?>> s = new LinkedHashMap<>();
    Map<String, TableMethod> t = new LinkedHashMap<>();
    Map<String, Set<Effect>> e = new LinkedHashMap<>();
    for (FunctionProvider p : ServiceLoader.load(FunctionProvider.class,
        FunctionCatalog.class.getClassLoader())) {
      p.register(new FunctionRegistry() {
        @Override
        public void scalar(String sqlName, Class<?> evalClass, Effect... declared) {
          String name = sqlName.toUpperCase(Locale.ROOT);
          unique(name, s, t, p);
          s.put(name, evalClass);
          e.put(name, effectsOf(evalClass, declared));
        }

        @Override
        public void table(String sqlName, Class<?> owner, String publicStaticMethodName,
            Effect... declared) {
          unique(sqlName, s, t, p);
          t.put(sqlName, new TableMethod(owner, publicStaticMethodName));
          e.put(sqlName.toUpperCase(Locale.ROOT), effectsOf(owner, declared));
        }
      });
    }
    scalars = s;
    tables = t;
    effects = e;
  }

  private static Set<Effect> effectsOf(Class<?> type, Effect... declared) {
    Set<Effect> all = EnumSet.noneOf(Effect.class);
    if (declared != null) {
      all.addAll(Arrays.asList(declared));
    }
    Effects annotated = type.getAnnotation(Effects.class);
    if (annotated != null) {
      all.addAll(Arrays.asList(annotated.value()));
    }
    return Collections.unmodifiableSet(all);
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
   * The effects of every function, scalar and table, by upper-case SQL name; a pure function maps
   * to an empty set.
   */
  public static synchronized Map<String, Set<Effect>> effects() {
    load();
    return Collections.unmodifiableMap(new LinkedHashMap<>(effects));
  }

  /**
   * Adds or replaces a scalar function (a user-defined one, or one from a plugin without a
   * services file). Sessions opened afterwards see it. Its effects are {@code declared} plus
   * those of an {@link Effects} annotation on its class.
   */
  public static synchronized void register(String sqlName, Class<?> functionClass,
      Effect... declared) {
    load();
    String name = sqlName.toUpperCase(Locale.ROOT);
    scalars.put(name, functionClass);
    effects.put(name, effectsOf(functionClass, declared));
  }
}
