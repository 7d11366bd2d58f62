package dev.mmlake.evals;

/**
 * {@code IN_EVAL_SPLIT(id)}: TRUE when the item is in the held-out evaluation split
 * ({@link EvalSplit}); NULL for a NULL id. A training recipe excludes the split with
 * {@code WHERE NOT IN_EVAL_SPLIT(id)}.
 */
public final class InEvalSplitFunction {
  public Boolean eval(String id) {
    return id == null ? null : EvalSplit.contains(id);
  }
}
