package dev.mmlake.error;

/**
 * Stable error codes a client can act on, each with its {@link ErrorKind}. The names are part of
 * mmlake's interface: they appear in Flight status descriptions and metadata and in the runs log.
 */
public enum ErrorCode {
  /** The text is not valid SQL. */
  PARSE_ERROR(ErrorKind.USER),
  /** Valid SQL that names something missing or mistyped, or breaks a rule of the statement. */
  VALIDATION_ERROR(ErrorKind.USER),
  /** A function argument, option or configuration value that is out of range or malformed. */
  INVALID_ARGUMENT(ErrorKind.USER),
  /** A table, schema, tag, version or blob that does not exist. */
  NOT_FOUND(ErrorKind.USER),
  /** Something that already exists (e.g. CREATE TABLE without IF NOT EXISTS). */
  ALREADY_EXISTS(ErrorKind.USER),
  /** SQL or a type mmlake recognises but does not support. */
  UNSUPPORTED(ErrorKind.USER),
  /** The user may not run this statement. */
  PERMISSION_DENIED(ErrorKind.USER),
  /** The statement was cancelled or ran past the limits it was given. */
  CANCELLED(ErrorKind.USER),

  /** A stored blob whose bytes no longer hash to its key. */
  CORRUPT_BLOB(ErrorKind.DATA),
  /** A media item (image, audio, video, text) that cannot be decoded. */
  DECODE_FAILED(ErrorKind.DATA),
  /** Stored metadata (a manifest, a registry row) that is damaged or missing. */
  CORRUPT_METADATA(ErrorKind.DATA),

  /** A commit lost an optimistic-concurrency race; the table is unchanged, retry. */
  COMMIT_CONFLICT(ErrorKind.CONFLICT),
  /** The catalog is locked by another writer; retry. */
  CATALOG_BUSY(ErrorKind.CONFLICT),

  /**
   * A commit failed in a way that leaves its outcome unknown: it may have succeeded. Look at the
   * table's snapshots before running it again; a blind retry can write the rows twice. INTERNAL
   * rather than CONFLICT because a retry is not safe.
   */
  COMMIT_STATE_UNKNOWN(ErrorKind.INTERNAL),
  /** A bug in mmlake; the message and the log say more. */
  INTERNAL(ErrorKind.INTERNAL),

  /** A model (its directory, files or runtime) is not usable on this machine. */
  MODEL_UNAVAILABLE(ErrorKind.EXTERNAL),
  /** Storage, the catalog database or a source outside mmlake cannot be reached or read. */
  STORAGE_UNAVAILABLE(ErrorKind.EXTERNAL);

  private final ErrorKind kind;

  ErrorCode(ErrorKind kind) {
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }
}
