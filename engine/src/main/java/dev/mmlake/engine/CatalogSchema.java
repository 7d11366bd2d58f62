package dev.mmlake.engine;

import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The root schema named after the catalog ({@code mmlake} by default). It holds the same namespace
 * schemas as the root, so the three-part names that DBeaver and BI tools generate
 * ({@code mmlake.lake.items}) resolve to the same tables as {@code lake.items}.
 */
final class CatalogSchema extends AbstractSchema {
  private CatalogSchema() {
  }

  /** The catalog schema under {@code root}, added on first use. */
  static SchemaPlus mount(SchemaPlus root, String catalogName) {
    SchemaPlus existing = root.getSubSchema(catalogName);
    return existing != null ? existing : root.add(catalogName, new CatalogSchema());
  }
}
