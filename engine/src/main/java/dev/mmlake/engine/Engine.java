package dev.mmlake.engine;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.connectors.LicenseMigration;
import dev.mmlake.connectors.Licenses;
import dev.mmlake.engine.access.SessionAccess;
import dev.mmlake.engine.obs.Observability;
import java.util.Objects;

/**
 * The SQL engine over one lakehouse. Opens sessions; owns the lakehouse and closes it.
 * Thread-safe: sessions may be used from different threads, one thread per session.
 */
public final class Engine implements AutoCloseable {
  private final Lakehouse lakehouse;
  private final RunLog runLog;
  private final SessionAccess localAccess;
  private final Observability observability;
  private final PlanCacheTotals planCacheTotals = new PlanCacheTotals();

  private Engine(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
    this.localAccess = SessionAccess.local(lakehouse.config());
    this.runLog = new RunLog(lakehouse);
    this.observability = new Observability(lakehouse);
  }

  /** Lineage events, run metrics and cost of this engine's statements and recipe runs. */
  public Observability observability() {
    return observability;
  }

  /**
   * The access of a new session: read-write, with connectors restricted to the configured data
   * roots ({@value dev.mmlake.connectors.DataRoots#CONFIG_KEY}) or unrestricted without them.
   */
  public SessionAccess localAccess() {
    return localAccess;
  }

  /** Plan cache hits and misses of all of this engine's sessions. */
  public PlanCacheTotals planCacheTotals() {
    return planCacheTotals;
  }

  RunLog runLog() {
    return runLog;
  }

  /** Commits buffered {@code obs.runs} rows now (statements reading {@code obs} do this). */
  public void flushRunLog() {
    runLog.flush();
    observability.flush();
  }

  /** Opens the lakehouse described by {@code config} and creates its core tables if missing. */
  public static Engine open(LakehouseConfig config) {
    Lakehouse lh = Lakehouse.open(config);
    try {
      init(lh);
      return new Engine(lh); // fails on a configured data root that does not exist
    } catch (RuntimeException e) {
      lh.close();
      throw e;
    }
  }

  /**
   * Creates the core tables when missing and seeds the reference data (license ids),
   * migrating free-text item licenses of an older lakehouse to ids.
   * Idempotent.
   *
   * @return the number of tables created
   */
  public static int init(Lakehouse lakehouse) {
    LicenseMigration.replaceLegacyTable(lakehouse);
    int created = lakehouse.init();
    Licenses.seed(lakehouse);
    LicenseMigration.backfillItems(lakehouse);
    return created;
  }

  /** Wraps an already open lakehouse (the caller keeps ownership only if it never closes this). */
  public static Engine of(Lakehouse lakehouse) {
    return new Engine(Objects.requireNonNull(lakehouse, "lakehouse is null"));
  }

  public Lakehouse lakehouse() {
    return lakehouse;
  }

  /** A new session for {@code user}. */
  public Session newSession(String user) {
    return new Session(this, user);
  }

  public Session newSession() {
    return newSession(System.getProperty("user.name", "mmlake"));
  }

  @Override
  public void close() {
    try {
      observability.close();
      runLog.close();
    } finally {
      lakehouse.close();
    }
  }
}
