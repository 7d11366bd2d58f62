package dev.mmlake.engine.batch;

import dev.mmlake.catalog.StatementContext;
import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.functions.BatchFunction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Runtime of {@link EnumerableBatchCall}: pulls up to {@code exec.batch-size} rows, evaluates the
 * function once for the whole batch, and emits the rows with the result appended.
 */
public final class BatchEvaluator {
  /**
   * Config key of the rows buffered per call of a batch function; the default is
   * {@value #DEFAULT_BATCH_SIZE}. Model functions split a call into model invocations of
   * {@code embed.batch-size} inputs (default 32), grouping inputs of similar length, so a larger
   * buffer means less padding: measured 0.78x of a plain DJL loop at 32 rows and 1.15x at 256.
   */
  public static final String BATCH_SIZE = "exec.batch-size";
  public static final int DEFAULT_BATCH_SIZE = 256;

  private BatchEvaluator() {
  }

  /** Called from generated code. */
  public static Enumerable<Object[]> apply(Enumerable<Object[]> input, String functionClass,
      int[] argColumns) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new BatchEnumerator(input.enumerator(), newFunction(functionClass), argColumns,
            batchSize());
      }
    };
  }

  static int batchSize() {
    try {
      String v = StatementContext.current().lakehouse().config().get(BATCH_SIZE,
          String.valueOf(DEFAULT_BATCH_SIZE));
      int n = Integer.parseInt(v.trim());
      if (n < 1) {
        throw new InvalidArgumentException(BATCH_SIZE + " must be >= 1, got " + n);
      }
      return n;
    } catch (IllegalStateException noContext) {
      return DEFAULT_BATCH_SIZE;
    }
  }

  private static BatchFunction newFunction(String className) {
    try {
      return (BatchFunction) Class.forName(className).getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create batch function " + className, e);
    }
  }

  private static final class BatchEnumerator implements Enumerator<Object[]> {
    private final Enumerator<Object[]> input;
    private final BatchFunction function;
    private final int[] argColumns;
    private final int batchSize;
    private final Deque<Object[]> ready = new ArrayDeque<>();
    private Object[] current;
    private boolean exhausted;

    BatchEnumerator(Enumerator<Object[]> input, BatchFunction function, int[] argColumns,
        int batchSize) {
      this.input = input;
      this.function = function;
      this.argColumns = argColumns;
      this.batchSize = batchSize;
    }

    @Override
    public Object[] current() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public boolean moveNext() {
      if (ready.isEmpty() && !exhausted) {
        fill();
      }
      current = ready.poll();
      return current != null;
    }

    private void fill() {
      List<Object[]> rows = new ArrayList<>(batchSize);
      while (rows.size() < batchSize && input.moveNext()) {
        rows.add(input.current());
      }
      if (rows.size() < batchSize) {
        exhausted = true;
      }
      if (rows.isEmpty()) {
        return;
      }
      List<Object[]> args = new ArrayList<>(rows.size());
      for (Object[] row : rows) {
        Object[] a = new Object[argColumns.length];
        for (int i = 0; i < a.length; i++) {
          a[i] = row[argColumns[i]];
        }
        args.add(a);
      }
      List<Object> results = function.evalBatch(args);
      if (results.size() != rows.size()) {
        throw new IllegalStateException(function.getClass().getName() + " returned "
            + results.size() + " results for a batch of " + rows.size() + " rows");
      }
      for (int i = 0; i < rows.size(); i++) {
        Object[] row = rows.get(i);
        Object[] out = Arrays.copyOf(row, row.length + 1);
        out[row.length] = results.get(i);
        ready.add(out);
      }
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("batch evaluation cannot be reset");
    }

    @Override
    public void close() {
      input.close();
      if (function instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }
}
