package dev.mmlake.engine.ingest;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.connectors.Connectors;
import dev.mmlake.connectors.DataRoots;
import dev.mmlake.connectors.IngestContext;
import dev.mmlake.connectors.ItemRow;
import dev.mmlake.connectors.SourceConnector;
import dev.mmlake.engine.exec.StatementScope;
import dev.mmlake.engine.exec.StatementScopes;
import dev.mmlake.engine.iceberg.IcebergTypes;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * The rows of one source connector as a table with the columns of {@code lake.items}, in order.
 * The connector runs on a producer thread and hands rows over a bounded queue, so a large source
 * streams in constant memory; its blobs are in the content store before a row is handed over.
 * The connector only reads below the session's data roots: its path arguments are checked when the
 * scan starts and the files it opens as it reads.
 */
final class ConnectorTable extends AbstractTable implements ScannableTable {
  private static final Object[] END = new Object[0];
  private final String sqlName;
  private final List<String> paths;

  ConnectorTable(String sqlName, List<String> paths) {
    this.sqlName = sqlName;
    this.paths = List.copyOf(paths);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return IcebergTypes.rowType(LakeTables.ITEMS_SCHEMA, typeFactory);
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    StatementScope scope = StatementScopes.of(root);
    scope.fedByConnector(); // an INSERT it feeds commits in checkpoints
    StatementContext statement = scope.context();
    DataRoots roots = StatementScopes.scopesOf(root).dataRoots();
    // canonical paths below the data roots, or PERMISSION_DENIED before anything is read
    SourceConnector connector = Connectors.create(sqlName, paths, roots);
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new Producer(connector, IngestContext.of(statement, roots));
      }
    };
  }

  private static final class Producer implements Enumerator<Object[]> {
    private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(256);
    private final Thread thread;
    private volatile boolean cancelled;
    private volatile Throwable error;
    private Object[] current;
    private boolean done;

    Producer(SourceConnector connector, IngestContext ctx) {
      thread = new Thread(() -> {
        try {
          connector.read(ctx, this::offer);
        } catch (Cancelled c) {
          return;
        } catch (Throwable t) {
          error = t;
        }
        offerQuietly(END);
      }, "mmlake-" + connector.getClass().getSimpleName());
      thread.setDaemon(true);
      thread.start();
    }

    private void offer(ItemRow row) {
      Object[] values = row.values();
      for (int i = 0; i < values.length; i++) {
        values[i] = values[i] instanceof Instant t ? t.toEpochMilli()
            : IcebergTypes.toCalciteValue(values[i]);
      }
      if (!offerQuietly(values)) {
        throw new Cancelled();
      }
    }

    private boolean offerQuietly(Object[] values) {
      try {
        while (!cancelled) {
          if (queue.offer(values, 100, TimeUnit.MILLISECONDS)) {
            return true;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
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
      if (done) {
        return false;
      }
      try {
        Object[] next = queue.take();
        if (next == END) {
          done = true;
          current = null;
          if (error != null) {
            throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
          }
          return false;
        }
        current = next;
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while reading the source", e);
      }
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("a connector scan cannot be reset");
    }

    @Override
    public void close() {
      cancelled = true;
      thread.interrupt();
    }
  }

  /** Stops the producer when the consumer closed early (e.g. LIMIT). */
  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super(null, null, false, false);
    }
  }
}
