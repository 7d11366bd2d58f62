package dev.mmlake.functions;

/**
 * Where a {@link FunctionProvider} registers its functions. A SQL name may be registered once;
 * the engine checks the classes and methods when it builds a session.
 */
public interface FunctionRegistry {
  /**
   * A scalar function, e.g. {@code EMBED_TEXT}: {@code evalClass} is a public class with a public
   * no-argument (or function-context) constructor and one or more public {@code eval} methods.
   */
  void scalar(String sqlName, Class<?> evalClass);

  /**
   * A table function, e.g. {@code VERSION_DIFF}: {@code owner}'s public static method
   * {@code publicStaticMethodName}, which returns a Calcite {@code ScannableTable} or
   * {@code QueryableTable}; its parameters are the SQL parameters.
   */
  void table(String sqlName, Class<?> owner, String publicStaticMethodName);
}
