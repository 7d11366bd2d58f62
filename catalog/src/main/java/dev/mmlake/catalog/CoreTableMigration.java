package dev.mmlake.catalog;

import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Types;

/**
 * Brings an existing core table up to what {@link LakeTables} declares: adds the optional
 * top-level columns it lacks (schema evolution, matched by name) and the table properties it
 * lacks. Never removes or changes anything, so a lakehouse created by an older mmlake keeps its
 * data and gains the new columns as nulls. Safe when several processes migrate at once: a change
 * another process made first is taken as done.
 */
final class CoreTableMigration {
  private CoreTableMigration() {
  }

  static void migrate(Table table, Schema declared, Map<String, String> properties) {
    addMissingColumns(table, declared);
    addMissingProperties(table, properties);
  }

  private static void addMissingColumns(Table table, Schema declared) {
    if (missingColumns(table, declared) == 0) {
      return;
    }
    try {
      UpdateSchema update = table.updateSchema();
      for (Types.NestedField f : declared.columns()) {
        if (table.schema().findField(f.name()) == null && f.isOptional()) {
          update.addColumn(f.name(), f.type(), f.doc());
        }
      }
      update.commit();
    } catch (RuntimeException e) {
      table.refresh();
      if (missingColumns(table, declared) > 0) {
        throw e; // not a concurrent migration that got there first
      }
    }
  }

  private static int missingColumns(Table table, Schema declared) {
    int missing = 0;
    for (Types.NestedField f : declared.columns()) {
      if (table.schema().findField(f.name()) == null && f.isOptional()) {
        missing++;
      }
    }
    return missing;
  }

  private static void addMissingProperties(Table table, Map<String, String> properties) {
    if (properties.keySet().stream().allMatch(table.properties()::containsKey)) {
      return;
    }
    UpdateProperties update = table.updateProperties();
    properties.forEach((k, v) -> {
      if (!table.properties().containsKey(k)) {
        update.set(k, v);
      }
    });
    update.commit();
  }
}
