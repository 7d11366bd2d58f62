package dev.mmlake.evals;

import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/** Registers {@code IN_EVAL_SPLIT}. */
public final class EvalFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.scalar("IN_EVAL_SPLIT", InEvalSplitFunction.class);
  }
}
