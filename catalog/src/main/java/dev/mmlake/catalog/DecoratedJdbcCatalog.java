package dev.mmlake.catalog;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Iceberg's {@link JdbcCatalog} whose table operations pass through a {@link TableOpsDecorator}
 * and then {@link BusyRetryingOperations}. Every table the catalog hands out ({@code loadTable},
 * {@code createTable}, transactions and metadata tables) is built on {@link #newTableOps}, so its
 * commits go through both. Its connections come from a {@link MetadataSafeClientPool}, so no
 * connection is left inside a read transaction by the catalog's own start-up checks.
 */
final class DecoratedJdbcCatalog extends JdbcCatalog {
  private final TableOpsDecorator decorator;
  private final AtomicLong commitRetries = new AtomicLong();

  DecoratedJdbcCatalog(TableOpsDecorator decorator) {
    super(null, props -> new MetadataSafeClientPool(props.get(CatalogProperties.URI), props),
        true);
    this.decorator = Objects.requireNonNull(decorator, "decorator is null");
  }

  @Override
  protected TableOperations newTableOps(TableIdentifier id) {
    return new BusyRetryingOperations(id, decorator.decorate(id, super.newTableOps(id)),
        commitRetries);
  }

  /** Failed commit attempts (conflicts and busy refusals) Iceberg retried in this process. */
  long commitRetries() {
    return commitRetries.get();
  }
}
