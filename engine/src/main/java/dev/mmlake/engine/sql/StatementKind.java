package dev.mmlake.engine.sql;

/** What a statement does; recorded in {@code obs.runs.statement_kind}. */
public enum StatementKind {
  QUERY,
  EXPLAIN,
  INSERT,
  DELETE,
  UPDATE,
  MERGE,
  CREATE_TABLE,
  CREATE_TABLE_AS,
  DROP_TABLE,
  CREATE_SCHEMA,
  DROP_SCHEMA,
  OTHER,
  /** Not a SQL statement: a training-loader run ({@code mmlake loader read|bench}). */
  LOADER;

  /** True for statements that return rows. */
  public boolean returnsRows() {
    return this == QUERY || this == EXPLAIN;
  }

  /** True for statements that change data or metadata. */
  public boolean isWrite() {
    return !returnsRows();
  }

  /** True for DDL, which runs once at execution and never at prepare time. */
  public boolean isDdl() {
    return switch (this) {
      case CREATE_TABLE, CREATE_TABLE_AS, DROP_TABLE, CREATE_SCHEMA, DROP_SCHEMA -> true;
      case QUERY, EXPLAIN, INSERT, DELETE, UPDATE, MERGE, OTHER, LOADER -> false;
    };
  }
}
