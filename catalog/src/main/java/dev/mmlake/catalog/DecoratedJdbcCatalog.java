package dev.mmlake.catalog;

import java.util.Objects;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Iceberg's {@link JdbcCatalog} whose table operations pass through a {@link TableOpsDecorator}.
 * Every table the catalog hands out ({@code loadTable}, {@code createTable}, transactions and
 * metadata tables) is built on {@link #newTableOps}, so its commits go through the decorator.
 */
final class DecoratedJdbcCatalog extends JdbcCatalog {
  private final TableOpsDecorator decorator;

  DecoratedJdbcCatalog(TableOpsDecorator decorator) {
    this.decorator = Objects.requireNonNull(decorator, "decorator is null");
  }

  @Override
  protected TableOperations newTableOps(TableIdentifier id) {
    return decorator.decorate(id, super.newTableOps(id));
  }
}
