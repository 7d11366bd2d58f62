package dev.mmlake.functions;

/**
 * What a SQL function can do beyond computing its result from its arguments and the tables the
 * statement reads. Every function declares its effects when it is registered
 * ({@link FunctionRegistry}) or with {@link Effects} on its class; a function that declares none
 * must be pure. The engine refuses, in a read-only session, any statement that calls a function
 * with an effect the session does not permit (see {@code dev.mmlake.engine.access.SessionAccess}).
 *
 * <p>Reading tables of the lakehouse (including through a cache table) is not an effect: a
 * read-only user may read every table. Neither is recording the statement in {@code obs.runs} or
 * its item failures in {@code obs.failures}, which every statement does.
 */
public enum Effect {
  /** Reads files of the server's file system that a SQL argument names (source connectors). */
  READS_SERVER_FILES("reads files on the server"),
  /**
   * Writes files to the server's file system outside the lakehouse (e.g. a shard writer); none of
   * the built-in SQL functions does yet.
   */
  WRITES_SERVER_FILES("writes files on the server"),
  /** Stores new blobs in the content store (connectors, key frames). */
  WRITES_CAS("writes blobs to the content store"),
  /**
   * Commits rows to lakehouse tables as a side effect of a query: the embedding cache, model
   * registrations, {@code obs.metrics}.
   */
  WRITES_TABLES("writes lakehouse tables"),
  /** Returns or decodes the bytes of content-store blobs ({@code CAS_GET}, media decoders). */
  READS_BLOBS("reads blob bytes from the content store");

  private final String description;

  Effect(String description) {
    this.description = description;
  }

  /** What the effect does, in words for error messages, e.g. "writes lakehouse tables". */
  public String description() {
    return description;
  }
}
