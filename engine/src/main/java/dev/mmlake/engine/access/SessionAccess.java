package dev.mmlake.engine.access;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.connectors.DataRoots;
import dev.mmlake.functions.Effect;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a session may do besides reading tables: whether it may write, and which server folders
 * its connectors may read. Immutable.
 *
 * <p>A read-write session may run every statement; its connectors read below its
 * {@link #dataRoots()}. A read-only session runs queries only, and no statement whose functions
 * have an {@link Effect} it is refused ({@link #refusedEffects}): it writes nothing (no table, no
 * blob, no cache row, no metric), reads no server file through a connector, and reads blob bytes
 * only when the content store lies below one of its data roots, that is, when the administrator
 * exposed the store as server files on purpose ({@code mmlake serve --data-root <cas folder>}).
 * A server without data roots ("path-less") therefore serves read-only users table rows only,
 * including blob URIs and hashes but not the bytes behind them.
 */
public final class SessionAccess {
  private static final SessionAccess LOCAL = new SessionAccess(false, DataRoots.unrestricted());

  private final boolean readOnly;
  private final DataRoots dataRoots;

  private SessionAccess(boolean readOnly, DataRoots dataRoots) {
    this.readOnly = readOnly;
    this.dataRoots = Objects.requireNonNull(dataRoots, "dataRoots is null");
  }

  /** A read-write session whose connectors read below {@code dataRoots}. */
  public static SessionAccess readWrite(DataRoots dataRoots) {
    return new SessionAccess(false, dataRoots);
  }

  /** A read-only session; {@code dataRoots} decides only whether it may read blob bytes. */
  public static SessionAccess readOnly(DataRoots dataRoots) {
    return new SessionAccess(true, dataRoots);
  }

  /**
   * The local user's access (command line, embedded use): read-write, and connectors restricted
   * only when the lakehouse configuration lists data roots ({@value DataRoots#CONFIG_KEY}).
   */
  public static SessionAccess local(LakehouseConfig config) {
    String roots = config.get(DataRoots.CONFIG_KEY, null);
    if (roots == null || roots.isBlank()) {
      return LOCAL;
    }
    return readWrite(DataRoots.only(DataRoots.parse(roots)));
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  public DataRoots dataRoots() {
    return dataRoots;
  }

  /**
   * The effects a statement of this session may not use: none when read-write; when read-only,
   * all of them except {@link Effect#READS_BLOBS} when {@code casRoot} is below a data root.
   */
  public Set<Effect> refusedEffects(Path casRoot) {
    if (!readOnly) {
      return Collections.emptySet();
    }
    Set<Effect> refused = EnumSet.allOf(Effect.class);
    if (dataRoots.covers(casRoot)) {
      refused.remove(Effect.READS_BLOBS);
    }
    return Collections.unmodifiableSet(refused);
  }

  @Override
  public String toString() {
    return (readOnly ? "read-only" : "read-write") + ", data roots " + dataRoots;
  }
}
