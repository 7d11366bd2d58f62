package dev.mmlake.engine.maintain;

import dev.mmlake.functions.Effect;
import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/**
 * Registers the maintenance procedures ({@link MaintenanceProcedures}). All of them change or
 * delete lakehouse tables' snapshots and files (and {@code GC_BLOBS} content-store blobs), so a
 * read-only session refuses them.
 */
public final class MaintenanceFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.table("EXPIRE_SNAPSHOTS", MaintenanceProcedures.class, "expireSnapshots",
        Effect.WRITES_TABLES);
    registry.table("REWRITE_DATA_FILES", MaintenanceProcedures.class, "rewriteDataFiles",
        Effect.WRITES_TABLES);
    registry.table("REMOVE_ORPHAN_FILES", MaintenanceProcedures.class, "removeOrphanFiles",
        Effect.WRITES_TABLES);
    registry.table("EXPIRE_OBS", MaintenanceProcedures.class, "expireObs",
        Effect.WRITES_TABLES);
    registry.table("GC_BLOBS", MaintenanceProcedures.class, "gcBlobs", Effect.WRITES_TABLES,
        Effect.WRITES_CAS);
  }
}
