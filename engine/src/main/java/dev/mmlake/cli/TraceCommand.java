package dev.mmlake.cli;

import dev.mmlake.connectors.ItemRow;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code mmlake trace <item>}: an item's lineage as a tree, from {@code LINEAGE('<id>')}.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
    description = {"Print an item's lineage as a tree: source file and connector, blob, derived "
        + "assets, quality and dedup decisions, embeddings, versions, shards and loader runs "
        + "(see docs/lineage.md).",
        "Runs: SELECT * FROM TABLE(LINEAGE('<item id>')) ORDER BY hop_no"})
public final class TraceCommand implements Callable<Integer> {
  private static final Pattern ITEM_ID = Pattern.compile("[0-9a-f]{64}");

  @Mixin LakehouseOptions lakehouse;

  @Parameters(index = "0", paramLabel = "ITEM",
      description = "An item id (lake.items.id), or <source>:<source_id>, e.g. coco:139")
  String item;

  @Override
  public Integer call() throws SQLException {
    String id = itemId(item);
    String sql = "SELECT * FROM TABLE(LINEAGE('" + id + "')) ORDER BY hop_no";
    try (Engine engine = lakehouse.openEngine(); Session session = engine.newSession();
         StatementResult result = session.execute(sql)) {
      print(item, id, result.resultSet(), System.out);
    }
    return 0;
  }

  /** The item id {@code arg} names: an id as it is, else {@code source:source_id}. */
  static String itemId(String arg) {
    String a = arg.strip();
    int colon = a.indexOf(':');
    if (ITEM_ID.matcher(a).matches() || colon <= 0) {
      return a;
    }
    return ItemRow.idOf(a.substring(0, colon), a.substring(colon + 1));
  }

  /** Prints the hops as a tree: one branch per hop, its facts indented under it. */
  static void print(String arg, String id, ResultSet rs, PrintStream out) throws SQLException {
    out.println("item " + id + (arg.strip().equals(id) ? "" : " (" + arg.strip() + ")"));
    String pending = null;
    while (rs.next()) {
      if (pending != null) {
        out.print(branch(pending, false));
      }
      StringBuilder b = new StringBuilder();
      b.append(String.format("%-9s %s", rs.getString("hop"), nz(rs.getString("name"))));
      String run = rs.getString("run_id");
      long snapshot = rs.getLong("snapshot_id");
      boolean hasSnapshot = !rs.wasNull();
      Timestamp at = rs.getTimestamp("occurred_at");
      StringBuilder tags = new StringBuilder();
      if (run != null) {
        tags.append(" run=").append(run);
      }
      if (hasSnapshot) {
        tags.append(" snapshot=").append(snapshot);
      }
      if (at != null) {
        tags.append(" at=").append(at.toInstant());
      }
      b.append(tags.length() == 0 ? "" : "  [" + tags.substring(1) + "]").append('\n');
      b.append('\u0000').append(nz(rs.getString("detail")));
      pending = b.toString();
    }
    if (pending != null) {
      out.print(branch(pending, true));
    }
  }

  private static String branch(String hop, boolean last) {
    int split = hop.indexOf('\u0000');
    String head = hop.substring(0, split);
    String detail = hop.substring(split + 1);
    return (last ? "└─ " : "├─ ") + head + (last ? "     " : "│    ") + detail + "\n";
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
