package dev.mmlake.engine.iceberg;

import java.util.List;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.ViewTable;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.View;
import org.apache.iceberg.view.ViewRepresentation;

/**
 * Iceberg views of the catalog as Calcite views: the view's {@code calcite} SQL is expanded in
 * the statement that reads it, with the view's stored schema as its row type (the expanded query
 * is cast to it).
 */
final class IcebergViews {
  static final String DIALECT = "calcite";

  private IcebergViews() {
  }

  /** The Calcite view of {@code namespace.name}, or null when there is no such view. */
  static Table resolve(JdbcCatalog catalog, Namespace namespace, String name,
      boolean ignoreCase) {
    TableIdentifier id = TableIdentifier.of(namespace, name);
    if (!catalog.viewExists(id)) {
      if (!ignoreCase) {
        return null;
      }
      id = catalog.listViews(namespace).stream().filter(v -> v.name().equalsIgnoreCase(name))
          .findFirst().orElse(null);
      if (id == null) {
        return null;
      }
    }
    View view = catalog.loadView(id);
    String sql = null;
    for (ViewRepresentation r : view.currentVersion().representations()) {
      if (r instanceof SQLViewRepresentation s && DIALECT.equals(s.dialect())) {
        sql = s.sql();
      }
    }
    if (sql == null) {
      return null;
    }
    // qualified: Calcite has a Schema too
    org.apache.iceberg.Schema schema = view.schema();
    List<String> path = List.of(namespace.toString(), id.name());
    return new ViewTable(Object[].class, f -> IcebergTypes.rowType(schema, f), sql, List.of(),
        path);
  }
}
