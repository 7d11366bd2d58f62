package dev.mmlake.demo;

import dev.mmlake.engine.StatementResult;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The lineage of one item that the shards step wrote: {@code LINEAGE} hop by hop (source file,
 * blob, quality, dedup, embeddings, versions, shard), and the reverse form
 * {@code LINEAGE_ITEMS}: the items of {@code coco@v002} read from the same file.
 */
final class LineageStep implements DemoStep {
  @Override
  public String title() {
    return "Lineage of one item: LINEAGE, LINEAGE_ITEMS (mmlake trace prints it as a tree)";
  }

  @Override
  public void run(Demo.Context ctx) {
    String id;
    String file;
    try (StatementResult r = ctx.session().execute("SELECT a.item_id, i.source_file FROM "
        + "lake.assets a JOIN lake.items i ON i.id = a.item_id WHERE a.kind = 'shard_member' "
        + "ORDER BY a.item_id LIMIT 1")) {
      ResultSet rs = r.resultSet();
      if (!rs.next()) {
        ctx.out().println("-- no shard members recorded: nothing to trace");
        return;
      }
      id = rs.getString(1);
      file = rs.getString(2);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    ctx.out().println("-- lineage of item " + id + " (./mmlake trace " + id + ")");
    ctx.sql("SELECT hop_no, hop, SUBSTRING(name FROM 1 FOR 60) AS name, "
        + "SUBSTRING(detail FROM 1 FOR 90) AS detail, snapshot_id "
        + "FROM TABLE(LINEAGE('" + id + "')) ORDER BY hop_no");
    if (file != null) {
      ctx.out().println("-- the reverse form: items of coco@v002 read from the same file");
      ctx.sql("SELECT item_id, source, source_id FROM TABLE(LINEAGE_ITEMS('coco@v002', "
          + "'source_file', '" + file.replace("'", "''") + "'))");
    }
  }
}
