package dev.mmlake.lineage;

import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/** Registers the {@code LINEAGE} and {@code LINEAGE_ITEMS} table functions. */
public final class LineageFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.table("LINEAGE", LineageFunctions.class, "lineage");
    registry.table("LINEAGE_ITEMS", LineageFunctions.class, "lineageItems");
  }
}
