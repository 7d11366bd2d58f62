package dev.mmlake.engine.dedup;

import dev.mmlake.functions.Effect;
import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/** Registers the dedup table functions {@code ANN_DEDUP} and {@code EXACT_DEDUP}. */
public final class DedupTableFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    // both commit their diversity metrics to obs.metrics
    registry.table("ANN_DEDUP", DedupFunctions.class, "annDedup", Effect.WRITES_TABLES);
    registry.table("EXACT_DEDUP", DedupFunctions.class, "exactDedup", Effect.WRITES_TABLES);
  }
}
