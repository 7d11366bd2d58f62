package dev.mmlake.bench;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.embed.EmbedConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;

/**
 * Engine overhead of model functions: texts/s of {@code SELECT EMBED_TEXT(body)} over a table
 * (cold cache, batched by the planner, vectors written to the cache) against a plain DJL predictor
 * loop over the same texts, in the same run. Rounds alternate; the best of each is reported.
 */
public final class EmbedSqlBenchmark {
  private final Path home;
  private final int n;
  private final int rounds;
  private final PrintStream out;

  public EmbedSqlBenchmark(Path home, int n, int rounds, PrintStream out) {
    this.home = home;
    this.n = n;
    this.rounds = rounds;
    this.out = out;
  }

  public void run() throws Exception {
    double sqlBest = Double.MAX_VALUE;
    double loopBest = Double.MAX_VALUE;
    for (int round = 0; round < rounds; round++) {
      // fresh texts each round so the SQL path never hits the cache
      List<String> texts = EmbedBenchmark.benchmarkSentences(n, 1000 + round);
      try (Engine engine = Engine.open(LakehouseConfig.embedded(home.resolve("r" + round)));
           Session session = engine.newSession("bench")) {
        session.execute("CREATE TABLE lake.bench_texts (id INTEGER, body VARCHAR)").close();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
          values.append(i == 0 ? "" : ", ").append('(').append(i).append(", '")
              .append(texts.get(i).replace("'", "''")).append("')");
        }
        session.execute("INSERT INTO lake.bench_texts VALUES " + values).close();
        session.execute("SELECT EMBED_TEXT('warm up')").close();
        long t0 = System.nanoTime();
        long rows = 0;
        try (StatementResult r = session.execute("SELECT id, EMBED_TEXT(body) FROM lake.bench_texts")) {
          ResultSet rs = r.resultSet();
          while (rs.next()) {
            rs.getObject(2);
            rows++;
          }
        }
        double sql = (System.nanoTime() - t0) / 1e9;
        double loop = EmbedBenchmark.plainTextLoopSeconds(
            EmbedConfig.from(engine.lakehouse().config()), texts);
        out.printf("round %d: SQL %d rows in %.2f s (%.1f texts/s); plain DJL loop %.2f s "
            + "(%.1f texts/s)%n", round + 1, rows, sql, rows / sql, loop, n / loop);
        sqlBest = Math.min(sqlBest, sql);
        loopBest = Math.min(loopBest, loop);
      }
    }
    out.printf("best: SQL %.1f texts/s, plain DJL loop %.1f texts/s, SQL/loop = %.2fx%n",
        n / sqlBest, n / loopBest, loopBest / sqlBest);
  }
}
