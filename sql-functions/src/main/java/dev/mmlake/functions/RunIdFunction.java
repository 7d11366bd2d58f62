package dev.mmlake.functions;

import dev.mmlake.catalog.StatementContext;

/** {@code RUN_ID()}: the id of the running statement, as recorded in {@code obs.runs}. */
public final class RunIdFunction {
  public String eval() {
    return StatementContext.current().runId();
  }
}
