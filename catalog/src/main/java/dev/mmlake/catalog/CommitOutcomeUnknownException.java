package dev.mmlake.catalog;

import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;

/**
 * A commit whose outcome is unknown: the catalog may or may not have moved the table to the new
 * snapshot (for example the connection dropped after the update was sent). The data files of the
 * commit were kept, because the table may reference them.
 *
 * <p>Like Iceberg's {@link CommitStateUnknownException}, which it extends: callers must not clean
 * up after it and must not blindly retry, since repeating a commit that did succeed writes its rows
 * twice. Check the table's snapshots first (e.g. {@code SELECT * FROM lake."items$snapshots"}).
 * If the commit did not happen, the kept files are orphans that no snapshot references and are
 * never read.
 */
public final class CommitOutcomeUnknownException extends CommitStateUnknownException {
  private final TableIdentifier table;
  private final String message;

  CommitOutcomeUnknownException(TableIdentifier table, CommitStateUnknownException cause) {
    super(cause);
    this.table = table;
    this.message = String.format("The commit to %s may or may not have succeeded (%s). Its data "
        + "files were kept. Check the table's snapshots (SELECT * FROM %s.\"%s$snapshots\") before "
        + "running the statement again: repeating a commit that did succeed adds its rows twice",
        table, reason(cause), table.namespace(), table.name());
  }

  /** The table whose commit has an unknown outcome. */
  public TableIdentifier table() {
    return table;
  }

  @Override
  public String getMessage() {
    return message;
  }

  private static String reason(CommitStateUnknownException e) {
    Throwable root = e.getCause() != null ? e.getCause() : e;
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
