package dev.mmlake.demo;

/**
 * Tables, vectors, blobs, pushdown, time travel and the run log: the SQL lakehouse itself.
 */
final class FoundationStep implements DemoStep {
  @Override
  public String title() {
    return "SQL over Iceberg: tables, vectors, blobs, pushdown, time travel, run log";
  }

  @Override
  public void run(Demo.Context ctx) {
    ctx.sql("CREATE TABLE IF NOT EXISTS lake.notes (id BIGINT NOT NULL, source VARCHAR, "
        + "body VARCHAR, score DOUBLE, embedding FLOAT ARRAY, raw VARBINARY)");
    ctx.sql("INSERT INTO lake.notes VALUES "
        + "(1, 'web', 'A cat sits on a mat', 0.91, ARRAY[0.1, 0.2, 0.3], X'68656C6C6F'), "
        + "(2, 'web', 'Dogs chase balls in the park', 0.55, ARRAY[0.3, 0.1, 0.0], X'776F726C64')");
    long first = ctx.engine().lakehouse().table("lake.notes").currentSnapshot().snapshotId();
    ctx.sql("INSERT INTO lake.notes VALUES "
        + "(3, 'books', 'Call me Ishmael', 0.77, ARRAY[0.9, 0.0, 0.1], X'00FF')");
    ctx.sql("SELECT id, source, score, embedding, CONTENT_HASH(body) AS body_sha256 "
        + "FROM lake.notes WHERE source = 'web' ORDER BY id");
    ctx.sql("EXPLAIN PLAN FOR SELECT id, score FROM lake.notes WHERE source = 'books'");
    ctx.sql("SELECT source, COUNT(*) AS n, AVG(score) AS avg_score FROM lake.notes GROUP BY source");
    ctx.out().println("-- time travel: the table as of its first snapshot, by id");
    ctx.sql("SELECT COUNT(*) AS rows_then FROM lake.\"notes@" + first + "\"");
    ctx.sql("SELECT snapshot_id, operation, is_current FROM lake.\"notes$snapshots\"");
    ctx.sql("DELETE FROM lake.notes WHERE score < 0.6");
    ctx.sql("SELECT statement_kind, status, rows_read, rows_written FROM obs.runs "
        + "ORDER BY started_at DESC LIMIT 5");
  }
}
