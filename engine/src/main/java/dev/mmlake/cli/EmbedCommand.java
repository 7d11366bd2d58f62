package dev.mmlake.cli;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.console.ProgressBar;
import dev.mmlake.embed.EmbedConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mmlake embed}: fills the embedding cache for a table ahead of time. It runs the same SQL a
 * user would ({@code SELECT EMBED_TEXT(text) FROM lake.items WHERE ...}) and shows progress.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Precompute embeddings into lake.embeddings (the cache EMBED_* functions read).")
public final class EmbedCommand implements Callable<Integer> {
  @Mixin LakehouseOptions lakehouse;

  @Option(names = "--model", defaultValue = "text",
      description = "text (all-MiniLM-L6-v2 over the text column) or clip (EMBED_CLIP over "
          + "content_uri of images and videos, text for text items) (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--table", defaultValue = "lake.items", description = "Table (default: ${DEFAULT-VALUE})")
  String table;

  @Option(names = "--where", description = "Extra SQL condition on the table's rows")
  String where;

  @Option(names = "--device", description = "cpu or gpu (default: embed.device, else cpu)")
  String device;

  @Option(names = "--batch-size", description = "Rows per model call (default: exec.batch-size, else 32)")
  Integer batchSize;

  @Override
  public Integer call() throws Exception {
    LakehouseConfig config = lakehouse.config();
    if (device != null) {
      config = config.with(EmbedConfig.DEVICE, device);
    }
    if (batchSize != null) {
      config = config.with("exec.batch-size", String.valueOf(batchSize))
          .with(EmbedConfig.BATCH_SIZE, String.valueOf(batchSize));
    }
    String call;
    String filter;
    switch (model.toLowerCase(Locale.ROOT)) {
      case "text" -> {
        call = "EMBED_TEXT(text)";
        filter = "modality = 'text' AND text IS NOT NULL";
      }
      case "clip" -> {
        call = "EMBED_CLIP(CASE WHEN modality IN ('image', 'video') THEN content_uri ELSE text END)";
        filter = "(modality IN ('image', 'video') OR (modality = 'text' AND text IS NOT NULL))";
      }
      default -> throw new Main.UserError("Unknown --model " + model + "; use text or clip");
    }
    String condition = filter + (where == null ? "" : " AND (" + where + ")");
    try (Engine engine = Engine.open(config); Session session = engine.newSession()) {
      long total;
      try (StatementResult r = session.execute("SELECT COUNT(*) FROM " + table + " WHERE "
          + condition)) {
        ResultSet rs = r.resultSet();
        rs.next();
        total = rs.getLong(1);
      }
      ProgressBar progress = new ProgressBar(System.err);
      long done = 0;
      long start = System.nanoTime();
      String sql = "SELECT content_hash, " + call + " AS v FROM " + table + " WHERE " + condition;
      System.err.println("Embedding " + total + " rows: " + sql);
      try (StatementResult r = session.execute(sql)) {
        ResultSet rs = r.resultSet();
        while (rs.next()) {
          rs.getObject(2);
          progress.update("embed " + model, ++done, total, 0, 0);
        }
      }
      double secs = (System.nanoTime() - start) / 1e9;
      System.out.printf("Embedded %d rows with %s in %.1f s (%.1f rows/s); vectors are in "
          + "lake.embeddings%n", done, model, secs, done / Math.max(secs, 1e-9));
    }
    return 0;
  }
}
