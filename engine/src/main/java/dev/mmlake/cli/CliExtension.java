package dev.mmlake.cli;

/**
 * A subcommand contributed by a module above the engine (e.g. {@code serve} from the Flight
 * server), found with {@link java.util.ServiceLoader}.
 */
public interface CliExtension {
  /** A picocli command object. */
  Object command();
}
