package dev.mmlake.functions;

import java.util.List;

/**
 * A scalar function the engine evaluates a batch of rows at a time (model inference). The class
 * still has {@code eval} methods, which define its SQL signature and serve single calls; in a
 * query's SELECT list the engine instead buffers rows and calls {@link #evalBatch} once per batch
 * of up to {@code exec.batch-size} rows (default 256).
 *
 * <p>An instance lives for one query execution; it is created with the public no-arg constructor.
 */
public interface BatchFunction {
  /**
   * Evaluates one batch.
   *
   * @param args one array of argument values per row, in Calcite's representation
   * @return one result per row, in the same order
   */
  List<Object> evalBatch(List<Object[]> args);
}
