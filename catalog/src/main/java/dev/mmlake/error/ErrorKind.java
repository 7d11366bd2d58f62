package dev.mmlake.error;

/**
 * Whose problem an error is, which decides how it is reported: the CLI's exit code and the Flight
 * SQL status both follow the kind (see {@code docs/architecture.md}, "Errors").
 */
public enum ErrorKind {
  /** The statement, its arguments or the configuration are wrong; fix them and run again. */
  USER,
  /** Stored data is damaged or cannot be read (a corrupt blob, an undecodable item). */
  DATA,
  /** Another writer or a busy catalog got in the way; running the statement again may succeed. */
  CONFLICT,
  /** A bug in mmlake, or a state mmlake cannot explain; never the user's fault. */
  INTERNAL,
  /** Something outside mmlake is missing or failing: a model, a runtime, storage. */
  EXTERNAL
}
