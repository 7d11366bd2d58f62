package dev.mmlake.functions;

/**
 * The service interface through which a package registers its SQL functions, found with
 * {@link java.util.ServiceLoader}: one implementation per function package, named in that module's
 * {@code META-INF/services/dev.mmlake.functions.FunctionProvider}. {@link FunctionCatalog}
 * collects them; the engine turns them into Calcite functions.
 *
 * <p>Implementations need a public no-argument constructor, and {@link #register} only names
 * classes and methods: it must not load models, open files or read a statement's state.
 */
public interface FunctionProvider {
  /** Registers this package's functions. */
  void register(FunctionRegistry registry);
}
