package dev.mmlake.catalog;

import dev.mmlake.error.ErrorCode;
import java.sql.SQLException;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The catalog database stayed locked by another process through every retry of a commit
 * ({@link ErrorCode#CATALOG_BUSY}, exit code 4): nothing was committed and the statement can
 * simply be run again. The message names the table and the number of retries, and says which
 * settings raise the limit ({@code commit.retry.num-retries} on the table,
 * {@code catalog.jdbc.busy_timeout} in the configuration).
 */
public final class CatalogBusyException extends LakehouseException {
  private final int retries;

  CatalogBusyException(TableIdentifier table, int retries, Throwable cause) {
    super(ErrorCode.CATALOG_BUSY, cause, "lakehouse busy: another process holds the catalog; "
        + "retried %d times committing to %s. Nothing was committed: run the statement again, or "
        + "raise the table's commit.retry.num-retries or catalog.jdbc.busy_timeout (ms)",
        retries, table);
    this.retries = retries;
  }

  /** How many times the commit was retried before giving up. */
  public int retries() {
    return retries;
  }

  /**
   * True when {@code t} or one of its causes is the catalog database refusing a lock
   * (SQLite's {@code SQLITE_BUSY}, {@code SQLITE_BUSY_SNAPSHOT}, {@code SQLITE_LOCKED}, ...): the
   * statement it ran did not happen.
   */
  public static boolean isBusy(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof CatalogBusyException) {
        return true;
      }
      String m = c.getMessage();
      if (c instanceof SQLException && m != null
          && (m.startsWith("[SQLITE_BUSY") || m.startsWith("[SQLITE_LOCKED"))) {
        return true;
      }
    }
    return false;
  }
}
