package dev.mmlake.engine.iceberg;

import java.util.Locale;

/**
 * A table name as written in SQL, split into the table and an optional suffix:
 * {@code items} (current), {@code items@<snapshot-id | tag | branch>} (time travel), and
 * {@code items$refs | items$history | items$snapshots | items$files | ...} (system tables).
 */
public record TableRef(String table, String ref, String systemTable) {
  public static TableRef parse(String name) {
    int at = name.indexOf('@');
    int dollar = name.indexOf('$');
    if (dollar > 0 && (at < 0 || dollar < at)) {
      return new TableRef(name.substring(0, dollar), null, name.substring(dollar + 1).toLowerCase(
          Locale.ROOT));
    }
    if (at > 0) {
      return new TableRef(name.substring(0, at), name.substring(at + 1), null);
    }
    return new TableRef(name, null, null);
  }

  public boolean isPlain() {
    return ref == null && systemTable == null;
  }
}
