package dev.mmlake.cli;

/**
 * A subcommand contributed by a module above the engine (e.g. {@code serve} from the Flight
 * server), found with {@link java.util.ServiceLoader}.
 */
public interface CliExtension {
  /** A picocli command object. */
  Object command();

  /**
   * The name of the top-level command this one belongs under (e.g. {@code "bench"}); null (the
   * default) for a top-level command. A subcommand of the same name there is replaced.
   */
  default String parent() {
    return null;
  }
}
