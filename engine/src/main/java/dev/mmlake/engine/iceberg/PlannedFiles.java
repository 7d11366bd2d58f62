package dev.mmlake.engine.iceberg;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;

/**
 * The files Iceberg planned for a scan, kept per table, snapshot, read schema and filter. A
 * snapshot never changes, so the same scan of it plans the same files; planning reads the
 * snapshot's manifest list and manifests, which costs more than reading a small table, and an
 * analyst's dashboard repeats the same queries. A commit makes a new snapshot and so a new key.
 * At most {@value #ENTRIES} plans of at most {@value #MAX_TASKS} tasks in all are kept (least
 * recently used goes first); the tasks are immutable and shared between statements and threads.
 */
final class PlannedFiles {
  static final int ENTRIES = 256;
  /** Tasks kept in all plans together; a plan with more is not kept. */
  static final int MAX_TASKS = 100_000;

  private PlannedFiles() {
  }

  /** What makes two plans the same: the filter and schema by their canonical strings. */
  private record Key(String tableUuid, long snapshotId, String readSchema, String filter,
      boolean columnStats) {
  }

  private static final Map<Key, List<FileScanTask>> PLANS = new LinkedHashMap<>(64, 0.75f, true);
  private static long keptTasks;

  /**
   * The tasks of {@code table} at {@code snapshotId} for {@code readSchema} and {@code filter},
   * from {@code plan} the first time (sorted; not yet narrowed by any file filter).
   */
  static List<FileScanTask> get(Table table, long snapshotId, Schema readSchema,
      Expression filter, boolean columnStats, Supplier<List<FileScanTask>> plan) {
    String uuid;
    try {
      uuid = table.uuid().toString();
    } catch (UnsupportedOperationException | NullPointerException e) {
      return plan.get(); // a table without a uuid (a metadata table): nothing to key it by
    }
    Key key = new Key(uuid, snapshotId, readSchema.asStruct().toString(), filter.toString(),
        columnStats);
    synchronized (PLANS) {
      List<FileScanTask> tasks = PLANS.get(key);
      if (tasks != null) {
        return tasks;
      }
    }
    // planned outside the lock: another statement may plan the same key meanwhile, harmlessly
    List<FileScanTask> tasks = List.copyOf(plan.get());
    if (tasks.size() <= MAX_TASKS) {
      synchronized (PLANS) {
        List<FileScanTask> old = PLANS.put(key, tasks);
        keptTasks += tasks.size() - (old == null ? 0 : old.size());
        Iterator<List<FileScanTask>> eldest = PLANS.values().iterator();
        while (PLANS.size() > ENTRIES || keptTasks > MAX_TASKS) {
          keptTasks -= eldest.next().size();
          eldest.remove();
        }
      }
    }
    return tasks;
  }
}
