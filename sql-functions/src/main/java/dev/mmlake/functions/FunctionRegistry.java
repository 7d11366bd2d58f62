package dev.mmlake.functions;

/**
 * Where a {@link FunctionProvider} registers its functions. A SQL name may be registered once;
 * the engine checks the classes and methods when it builds a session.
 *
 * <p>Every function declares its {@link Effect}s here (or with {@link Effects} on its class): a
 * function that reads server files, writes the content store or tables, or reads blob bytes must
 * say so, because read-only sessions are refused by what a statement's functions can do. A
 * function registered with no effect must be pure.
 */
public interface FunctionRegistry {
  /**
   * A scalar function, e.g. {@code EMBED_TEXT}: {@code evalClass} is a public class with a public
   * no-argument (or function-context) constructor and one or more public {@code eval} methods.
   *
   * @param effects what the function does besides computing its result; none for a pure one
   */
  void scalar(String sqlName, Class<?> evalClass, Effect... effects);

  /**
   * A table function, e.g. {@code VERSION_DIFF}: {@code owner}'s public static method
   * {@code publicStaticMethodName}, which returns a Calcite {@code ScannableTable} or
   * {@code QueryableTable}; its parameters are the SQL parameters.
   *
   * @param effects what the function does besides returning its rows; none for a pure one
   */
  void table(String sqlName, Class<?> owner, String publicStaticMethodName, Effect... effects);
}
