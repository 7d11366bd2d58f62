package dev.mmlake.engine.iceberg;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.function.Supplier;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;

/**
 * The files Iceberg planned for a scan, kept per table, snapshot, read schema and filter. A
 * snapshot never changes, so the same scan of it plans the same files; planning reads the
 * snapshot's manifest list and manifests, which costs more than reading a small table, and an
 * analyst's dashboard repeats the same queries. A commit makes a new snapshot and so a new key.
 * Plans of at most {@value #MAX_TASKS} tasks in all are kept (Caffeine evicts the least
 * valuable first); the tasks are immutable and shared between statements and threads.
 */
final class PlannedFiles {
  /** Tasks kept in all plans together (each plan also weighs one); a plan with more is not kept. */
  static final int MAX_TASKS = 100_000;

  private PlannedFiles() {
  }

  /** What makes two plans the same: the filter and schema by their canonical strings. */
  private record Key(String tableUuid, long snapshotId, String readSchema, String filter,
      boolean columnStats) {
  }

  private static final Cache<Key, List<FileScanTask>> PLANS = Caffeine.newBuilder()
      .maximumWeight(MAX_TASKS)
      .weigher((Key k, List<FileScanTask> tasks) -> tasks.size() + 1)
      .executor(Runnable::run) // evict on the caller's thread, not the common pool's
      .build();

  /**
   * The tasks of {@code table} at {@code snapshotId} for {@code readSchema} and {@code filter},
   * from {@code plan} the first time (sorted; not yet narrowed by any file filter).
   */
  static List<FileScanTask> get(Table table, long snapshotId, Schema readSchema,
      Expression filter, boolean columnStats, Supplier<List<FileScanTask>> plan) {
    if (!(table instanceof BaseTable) || table.uuid() == null) {
      // a metadata table or a transaction's view of a table: planned each time
      return plan.get();
    }
    Key key = new Key(table.uuid().toString(), snapshotId, readSchema.asStruct().toString(), filter.toString(),
        columnStats);
    List<FileScanTask> tasks = PLANS.getIfPresent(key);
    if (tasks == null) {
      // planned outside the cache: a failed plan leaves nothing behind, another statement may
      // plan the same key meanwhile, harmlessly
      tasks = List.copyOf(plan.get());
      if (tasks.size() < MAX_TASKS) {
        PLANS.put(key, tasks);
      }
    }
    return tasks;
  }
}
