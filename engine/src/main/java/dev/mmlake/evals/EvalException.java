package dev.mmlake.evals;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;

/** An eval that cannot run, or a version that fails a recipe's gate. */
public class EvalException extends MmlakeException {
  public EvalException(ErrorCode code, String format, Object... args) {
    super(code, format, args);
  }
}
