package dev.mmlake.engine;

import dev.mmlake.engine.iceberg.IcebergNamespaceSchema;
import dev.mmlake.engine.iceberg.TableRef;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Makes the suffixed table names a statement uses ({@code t@ref}, {@code t$files}) visible to
 * Calcite for the duration of that statement.
 *
 * <p>Calcite plans each statement against a snapshot of the schema tree that caches the listed
 * table names of each namespace, so names that are not listed (time-travel refs, system tables)
 * must be registered as explicit tables first. They are removed when the statement ends.
 */
final class TableRefMounts {
  private final SchemaPlus root;
  private final String defaultSchema;
  private final List<Mount> mounted = new ArrayList<>();

  private record Mount(SchemaPlus schema, String name) {
  }

  TableRefMounts(SchemaPlus root, String defaultSchema) {
    this.root = root;
    this.defaultSchema = defaultSchema;
  }

  /** Registers every suffixed table name in {@code node}. */
  void mount(SqlNode node) {
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlIdentifier id) {
        mountIdentifier(id.names);
        return null;
      }
    });
  }

  /** Registers {@code names} (namespace..., table) when its table part carries a suffix. */
  void mountIdentifier(List<String> names) {
    if (names.isEmpty()) {
      return;
    }
    String last = names.get(names.size() - 1);
    if (last.isEmpty() || TableRef.parse(last).isPlain()) {
      return;
    }
    String ns = names.size() >= 2 ? names.get(names.size() - 2) : defaultSchema;
    SchemaPlus parent = root;
    if (names.size() >= 3) { // catalog.namespace.table
      parent = root.getSubSchema(names.get(names.size() - 3));
      if (parent == null) {
        return;
      }
    }
    SchemaPlus schema = parent.getSubSchema(ns);
    if (schema == null) {
      return; // unknown namespace: the validator reports it with its position
    }
    IcebergNamespaceSchema iceberg = schema.unwrap(IcebergNamespaceSchema.class);
    if (iceberg == null) {
      return;
    }
    var named = iceberg.tables().getIgnoreCase(last);
    if (named != null) {
      Table t = named.entity();
      schema.add(last, t);
      mounted.add(new Mount(schema, last));
    }
  }

  /** Registers {@code table} as {@code namespace.name} for this statement. */
  void mountTable(String namespace, String name, Table table) {
    SchemaPlus schema = root.getSubSchema(namespace);
    schema.add(name, table);
    mounted.add(new Mount(schema, name));
  }

  /** Removes what {@link #mount} registered. */
  void unmount() {
    for (Mount m : mounted) {
      m.schema().removeTable(m.name());
    }
    mounted.clear();
  }
}
