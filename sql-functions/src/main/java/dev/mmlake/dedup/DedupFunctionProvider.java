package dev.mmlake.dedup;

import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/**
 * Registers {@code TEXT_KEY}. The dedup table functions ({@code ANN_DEDUP}, {@code EXACT_DEDUP})
 * run queries, so they live in the engine and register there.
 */
public final class DedupFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.scalar("TEXT_KEY", TextKeyFunction.class);
  }
}
