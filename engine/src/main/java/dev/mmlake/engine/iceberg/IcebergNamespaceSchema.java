package dev.mmlake.engine.iceberg;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseException;
import dev.mmlake.engine.exec.StatementScopes;
import dev.mmlake.error.ErrorCode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.rel.type.RelProtoDataType;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.SchemaVersion;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * One Iceberg namespace as a Calcite schema. Tables are looked up in the catalog on every
 * statement, so tables created or dropped elsewhere are seen at once. Besides plain names it
 * resolves {@code name@ref} (time travel to a snapshot id, tag or branch) and
 * {@code name$refs} and Iceberg's metadata tables such as {@code name$history|$snapshots|$files}
 * (system tables).
 */
public final class IcebergNamespaceSchema implements Schema {
  private final StatementScopes scopes;
  private final Lakehouse lakehouse;
  private final Namespace namespace;
  private final ViewExpansions views;

  public IcebergNamespaceSchema(Lakehouse lakehouse, Namespace namespace, StatementScopes scopes) {
    this(lakehouse, namespace, scopes, new ViewExpansions());
  }

  /** A namespace that counts the views it resolves in {@code views}. */
  public IcebergNamespaceSchema(Lakehouse lakehouse, Namespace namespace, StatementScopes scopes,
      ViewExpansions views) {
    this.scopes = scopes;
    this.lakehouse = lakehouse;
    this.namespace = namespace;
    this.views = views;
  }

  public Namespace namespace() {
    return namespace;
  }

  @Override
  public Lookup<Table> tables() {
    return new Lookup<>() {
      @Override
      public Table get(String name) {
        return resolve(name, false);
      }

      @Override
      public Named<Table> getIgnoreCase(String name) {
        Table t = resolve(name, true);
        return t == null ? null : new Named<>(name, t);
      }

      @Override
      public Set<String> getNames(LikePattern pattern) {
        Set<String> names = new LinkedHashSet<>();
        for (TableIdentifier id : lakehouse.catalog().listTables(namespace)) {
          if (pattern.matcher().apply(id.name())) {
            names.add(id.name());
          }
        }
        for (TableIdentifier id : lakehouse.catalog().listViews(namespace)) {
          if (pattern.matcher().apply(id.name())) {
            names.add(id.name());
          }
        }
        return names;
      }
    };
  }

  private Table resolve(String sqlName, boolean ignoreCase) {
    TableRef ref = TableRef.parse(sqlName);
    String actual = actualName(ref.table(), ignoreCase);
    if (actual == null) {
      Table view = ref.ref() == null && ref.systemTable() == null
          ? IcebergViews.resolve(lakehouse.catalog(), namespace, ref.table(), ignoreCase) : null;
      if (view != null) {
        views.resolved();
      }
      return view;
    }
    TableIdentifier id = TableIdentifier.of(namespace, actual);
    // qualified: clashes with the imported Calcite Table
    org.apache.iceberg.Table table = lakehouse.catalog().loadTable(id);
    if (ref.systemTable() != null) {
      return SystemTables.of(id, table, ref.systemTable());
    }
    if (ref.ref() != null) {
      return new IcebergTable(lakehouse, id, table, snapshotOf(id, table, ref.ref()), scopes);
    }
    return new IcebergTable(lakehouse, id, table, null, scopes);
  }

  private String actualName(String name, boolean ignoreCase) {
    TableIdentifier exact = TableIdentifier.of(namespace, name);
    if (lakehouse.catalog().tableExists(exact)) {
      return name;
    }
    if (!ignoreCase) {
      return null;
    }
    for (TableIdentifier id : lakehouse.catalog().listTables(namespace)) {
      if (id.name().equalsIgnoreCase(name)) {
        return id.name();
      }
    }
    return null;
  }

  /** Resolves a tag, branch or snapshot id of {@code table} to a snapshot id. */
  // qualified: clashes with the imported Calcite Table
  static long snapshotOf(TableIdentifier id, org.apache.iceberg.Table table, String ref) {
    SnapshotRef named = table.refs().get(ref);
    if (named == null) {
      for (var e : table.refs().entrySet()) {
        if (e.getKey().toLowerCase(Locale.ROOT).equals(ref.toLowerCase(Locale.ROOT))) {
          named = e.getValue();
        }
      }
    }
    if (named != null) {
      return named.snapshotId();
    }
    if (ref.matches("-?\\d+")) {
      long snapshotId = Long.parseLong(ref);
      if (table.snapshot(snapshotId) != null) {
        return snapshotId;
      }
    }
    throw new LakehouseException(ErrorCode.NOT_FOUND,
        "Table %s has no snapshot, tag or branch named '%s'; list them "
        + "with SELECT * FROM %s.\"%s$refs\" or \"%s$snapshots\"", id, ref, id.namespace(),
        id.name(), id.name());
  }

  @Override
  public Lookup<? extends Schema> subSchemas() {
    return Lookup.empty();
  }

  @Override
  public RelProtoDataType getType(String name) {
    return null;
  }

  @Override
  public Set<String> getTypeNames() {
    return Set.of();
  }

  @Override
  public Collection<Function> getFunctions(String name) {
    return List.of();
  }

  @Override
  public Set<String> getFunctionNames() {
    return Set.of();
  }

  @Override
  public Expression getExpression(SchemaPlus parentSchema, String name) {
    return Schemas.subSchemaExpression(parentSchema, name, getClass());
  }

  @Override
  public boolean isMutable() {
    return true;
  }

  @Override
  public Schema snapshot(SchemaVersion version) {
    return this;
  }

  @Override
  @SuppressWarnings("deprecation")
  public Table getTable(String name) {
    return tables().get(name);
  }

  @Override
  @SuppressWarnings("deprecation")
  public Set<String> getTableNames() {
    return tables().getNames(LikePattern.any());
  }

  @Override
  @SuppressWarnings("deprecation")
  public Schema getSubSchema(String name) {
    return null;
  }

  @Override
  @SuppressWarnings("deprecation")
  public Set<String> getSubSchemaNames() {
    return Set.of();
  }
}
