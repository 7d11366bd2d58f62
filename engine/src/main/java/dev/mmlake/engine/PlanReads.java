package dev.mmlake.engine;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.engine.iceberg.IcebergTable;
import dev.mmlake.engine.iceberg.IcebergTableScan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The lakehouse tables a prepared query plan reads, as they were when it was planned. A cached
 * plan may run again only while {@link #unchanged} holds: every table is still the same table
 * (same UUID) with the same columns (schema id) and partitioning (spec id), its row count has not
 * moved by more than a factor of {@value #ROWS_FACTOR} (the planner costed the plan with it), and
 * no table was created in or dropped from the namespaces it reads (a new name can shadow another
 * one). New snapshots alone do not matter: the plan's tables read their current snapshot when the
 * plan runs.
 *
 * <p>Only plans made of current lakehouse tables qualify ({@link #of}): no system or metadata
 * table, no time-travel reference, no table function, no {@code obs} table.
 */
final class PlanReads {
  /** A table's row count may grow or shrink by this factor before its plans are made again. */
  static final int ROWS_FACTOR = 2;
  /** Row counts below this never make a plan again: the planner's choices barely differ. */
  static final long ROWS_FLOOR = 1_000;

  /** One table the plan reads, as planned. */
  private record TableVersion(IcebergTable read, UUID uuid, int schemaId, int specId,
      long rows) {
    boolean unchanged() {
      try {
        read.refreshForStatement(); // the plan's own table: its scan then reads it as refreshed
      } catch (RuntimeException e) {
        return false; // dropped, renamed or replaced: preparing again reports it as usual
      }
      Table table = read.icebergTable();
      if (!Objects.equals(uuid, table.uuid()) || schemaId != table.schema().schemaId()
          || specId != table.spec().specId()) {
        return false;
      }
      long now = rowCount(table);
      long low = Math.min(now, rows);
      long high = Math.max(now, rows);
      return high < ROWS_FLOOR || high <= low * ROWS_FACTOR;
    }
  }

  private final List<TableVersion> tables;
  private final Map<Namespace, Set<String>> names;

  private PlanReads(List<TableVersion> tables, Map<Namespace, Set<String>> names) {
    this.tables = tables;
    this.names = names;
  }

  /**
   * What {@code plan} reads, or empty when it reads anything but current lakehouse tables outside
   * {@code obs} (its results could then change without any of those tables changing).
   */
  static Optional<PlanReads> of(RelRoot plan, Catalog catalog) {
    if (plan == null) {
      return Optional.empty();
    }
    Map<TableIdentifier, IcebergTable> read = new LinkedHashMap<>();
    boolean[] other = {false};
    new RelVisitor() {
      @Override
      public void visit(RelNode node, int ordinal, RelNode parent) {
        if (node instanceof TableFunctionScan || hasSubQuery(node)) {
          other[0] = true;
        } else if (node instanceof TableScan scan) {
          IcebergTable t = scan instanceof IcebergTableScan s ? s.icebergTable()
              : scan.getTable().unwrap(IcebergTable.class);
          if (t == null || t.snapshotId() != null
              || t.identifier().namespace().equals(LakeTables.OBS)) {
            other[0] = true;
          } else {
            read.putIfAbsent(t.identifier(), t);
          }
        }
        super.visit(node, ordinal, parent);
      }
    }.go(plan.rel);
    if (other[0]) {
      return Optional.empty();
    }
    List<TableVersion> tables = new ArrayList<>();
    Map<Namespace, Set<String>> names = new HashMap<>();
    for (IcebergTable t : read.values()) {
      Table table = t.icebergTable();
      tables.add(new TableVersion(t, table.uuid(), t.schema().schemaId(),
          table.spec().specId(), rowCount(table)));
      names.computeIfAbsent(t.identifier().namespace(), ns -> tableNames(catalog, ns));
    }
    return Optional.of(new PlanReads(List.copyOf(tables), Map.copyOf(names)));
  }

  /** True when the plan would read what it was planned for (see the class comment). */
  boolean unchanged(Catalog catalog) {
    for (var e : names.entrySet()) {
      Set<String> now;
      try {
        now = tableNames(catalog, e.getKey());
      } catch (RuntimeException ex) {
        return false; // the namespace is gone: preparing again reports it
      }
      if (!now.equals(e.getValue())) {
        return false;
      }
    }
    for (TableVersion t : tables) {
      if (!t.unchanged()) {
        return false;
      }
    }
    return true;
  }

  /** The tables read, for messages and tests. */
  List<TableIdentifier> tables() {
    return tables.stream().map(t -> t.read().identifier()).toList();
  }

  private static Set<String> tableNames(Catalog catalog, Namespace ns) {
    Set<String> names = new HashSet<>();
    for (TableIdentifier id : catalog.listTables(ns)) {
      names.add(id.name());
    }
    return Set.copyOf(names);
  }

  private static long rowCount(Table table) {
    Snapshot s = table.currentSnapshot();
    String total = s == null || s.summary() == null ? null : s.summary().get("total-records");
    try {
      return total == null ? 0 : Long.parseLong(total);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** True when an expression of {@code node} still holds a subquery (planned per execution). */
  private static boolean hasSubQuery(RelNode node) {
    boolean[] found = {false};
    node.accept(new RexShuttle() {
      @Override
      public RexNode visitSubQuery(RexSubQuery subQuery) {
        found[0] = true;
        return subQuery;
      }
    });
    return found[0];
  }
}
