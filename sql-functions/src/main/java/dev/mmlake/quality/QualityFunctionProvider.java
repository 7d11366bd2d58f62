package dev.mmlake.quality;

import dev.mmlake.functions.Effect;
import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/** Registers {@code QUALITY_SCORE}. */
public final class QualityFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.scalar("QUALITY_SCORE", QualityScoreFunction.class, Effect.READS_BLOBS);
  }
}
