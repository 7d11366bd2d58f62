package dev.mmlake.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/** {@link PendingWrites} outside the engine: the caller commits or aborts explicitly. */
public final class StandaloneWrites implements PendingWrites {
  private final Lakehouse lakehouse;
  private final Map<TableIdentifier, TableAppender> appends = new LinkedHashMap<>();

  public StandaloneWrites(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  @Override
  public synchronized TableAppender appender(TableIdentifier id, Table table) {
    return appends.computeIfAbsent(id, k -> lakehouse.appender(table));
  }

  /** Commits every pending append; returns the snapshot ids created. */
  public synchronized List<Long> commit() {
    List<Long> ids = new ArrayList<>();
    try {
      for (TableAppender a : appends.values()) {
        long id = a.commit();
        if (id >= 0) {
          ids.add(id);
        }
      }
    } finally {
      appends.values().forEach(TableAppender::abort);
      appends.clear();
    }
    return ids;
  }
}
