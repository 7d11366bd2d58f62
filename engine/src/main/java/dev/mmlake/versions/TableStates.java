package dev.mmlake.versions;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current snapshot of every table (except the {@code obs} run logs) before a recipe runs, so a
 * failed or trial run can put back what its statements wrote.
 *
 * <p>Contract of {@link #restore}: a table is rolled back only when its current snapshot is one
 * the recipe committed, so a concurrent writer's commit is never undone; a table the recipe created
 * is dropped only when every snapshot it has came from the recipe. A DROP TABLE in a recipe cannot
 * be undone.
 */
final class TableStates {
  private static final Logger LOG = LoggerFactory.getLogger(TableStates.class);

  private final Lakehouse lakehouse;
  private final Map<TableIdentifier, Long> before;

  private TableStates(Lakehouse lakehouse, Map<TableIdentifier, Long> before) {
    this.lakehouse = lakehouse;
    this.before = before;
  }

  static TableStates capture(Lakehouse lakehouse) {
    return new TableStates(lakehouse, currentSnapshots(lakehouse));
  }

  /** Snapshot id per table; -1 for a table without snapshots. */
  static Map<TableIdentifier, Long> currentSnapshots(Lakehouse lakehouse) {
    Map<TableIdentifier, Long> out = new HashMap<>();
    for (Namespace ns : lakehouse.catalog().listNamespaces()) {
      if (ns.equals(LakeTables.OBS)) {
        continue;
      }
      for (TableIdentifier id : lakehouse.catalog().listTables(ns)) {
        Snapshot s = lakehouse.catalog().loadTable(id).currentSnapshot();
        out.put(id, s == null ? -1L : s.snapshotId());
      }
    }
    return out;
  }

  /** Snapshot of {@code id} when captured, or null when it did not exist then. */
  Long before(TableIdentifier id) {
    return before.get(id);
  }

  /**
   * Puts back the tables the recipe changed. {@code recipeSnapshots} are the snapshot ids its
   * statements committed. Returns the tables restored, for messages.
   */
  List<String> restore(Set<Long> recipeSnapshots) {
    List<String> restored = new ArrayList<>();
    Map<TableIdentifier, Long> now = currentSnapshots(lakehouse);
    for (Map.Entry<TableIdentifier, Long> e : now.entrySet()) {
      TableIdentifier id = e.getKey();
      Long was = before.get(id);
      long current = e.getValue();
      if (was != null && was == current) {
        continue;
      }
      try {
        Table t = lakehouse.catalog().loadTable(id);
        if (was == null) {
          if (ownedByRecipe(t, recipeSnapshots)) {
            lakehouse.catalog().dropTable(id, true);
            restored.add(id + " (dropped)");
          }
        } else if (recipeSnapshots.contains(current)) {
          if (was >= 0) {
            t.manageSnapshots().setCurrentSnapshot(was).commit();
          } else {
            clearCurrent(t);
          }
          restored.add(id.toString());
        } else {
          LOG.warn("Not rolling back {}: its current snapshot {} was committed by another writer",
              id, current);
        }
      } catch (RuntimeException ex) {
        LOG.warn("Could not restore {} after a failed recipe: {}", id, ex.getMessage());
      }
    }
    return restored;
  }

  /** Drops the tables of {@code ns} that did not exist when captured; returns how many. */
  int dropCreated(Namespace ns) {
    int dropped = 0;
    if (!lakehouse.catalog().namespaceExists(ns)) {
      return 0;
    }
    for (TableIdentifier id : lakehouse.catalog().listTables(ns)) {
      if (!before.containsKey(id) && lakehouse.catalog().dropTable(id, true)) {
        dropped++;
      }
    }
    return dropped;
  }

  /** Makes a table have no current snapshot again, as after CREATE TABLE. */
  static void clearCurrent(Table t) {
    TableOperations ops = ((HasTableOperations) t).operations();
    TableMetadata base = ops.refresh();
    ops.commit(base, TableMetadata.buildFrom(base).removeRef(SnapshotRef.MAIN_BRANCH).build());
  }

  private static boolean ownedByRecipe(Table t, Set<Long> recipeSnapshots) {
    for (Snapshot s : t.snapshots()) {
      if (!recipeSnapshots.contains(s.snapshotId())) {
        return false;
      }
    }
    return true;
  }
}
