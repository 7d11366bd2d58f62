package dev.mmlake.engine.exec;

import dev.mmlake.connectors.DataRoots;
import java.util.Objects;
import java.util.Properties;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;

/**
 * The statement running on one session's connection: the explicit handle through which lakehouse
 * tables and mmlake's table functions reach their {@link StatementScope}. A session owns one,
 * hands it to the tables it mounts, and stores it in its connection's properties so that code
 * holding only Calcite's {@link DataContext} (table functions at scan time) finds it too.
 *
 * <p>A session runs one statement at a time, so one slot is enough. Outside a statement
 * {@link #current()} is null.
 */
public final class StatementScopes {
  /** Key of this handle in the properties of a session's Calcite connection. */
  public static final String PROPERTY = "mmlake.statement-scopes";

  private volatile StatementScope current;
  private volatile DataRoots dataRoots = DataRoots.unrestricted();

  /** The scope of the statement running now, or null between statements. */
  public StatementScope current() {
    return current;
  }

  /** Makes {@code scope} the running statement's scope (null ends it). */
  public void enter(StatementScope scope) {
    this.current = scope;
  }

  /** Ends {@code scope} if it is still the current one. */
  public void leave(StatementScope scope) {
    if (current == scope) {
      current = null;
    }
  }

  /** The folders the session's connectors may read. */
  public DataRoots dataRoots() {
    return dataRoots;
  }

  /** Sets the folders the session's connectors may read (from its access). */
  public void dataRoots(DataRoots roots) {
    this.dataRoots = Objects.requireNonNull(roots, "roots is null");
  }

  /** Stores this handle in the properties a Calcite connection is opened with. */
  public void install(Properties connectionInfo) {
    connectionInfo.put(PROPERTY, this);
  }

  /**
   * The scope of the statement being executed with {@code root}.
   *
   * @throws IllegalStateException when {@code root} does not belong to an mmlake session, or no
   *     statement is running on it
   */
  public static StatementScope of(DataContext root) {
    StatementScope scope = scopesOf(root).current();
    if (scope == null) {
      throw notInSession();
    }
    return scope;
  }

  /**
   * The session handle of the statement being executed with {@code root}.
   *
   * @throws IllegalStateException when {@code root} does not belong to an mmlake session
   */
  public static StatementScopes scopesOf(DataContext root) {
    if (root != null && root.getQueryProvider() instanceof CalciteConnection connection
        && connection.getProperties().get(PROPERTY) instanceof StatementScopes scopes) {
      return scopes;
    }
    throw notInSession();
  }

  private static IllegalStateException notInSession() {
    return new IllegalStateException("No mmlake statement is running on this connection; "
        + "run SQL through an mmlake session (Engine.newSession)");
  }
}
