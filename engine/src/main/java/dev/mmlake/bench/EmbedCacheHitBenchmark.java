package dev.mmlake.bench;

import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.embed.EmbedConfig;
import dev.mmlake.embed.EmbedTextFunction;
import dev.mmlake.embed.Embedder;
import dev.mmlake.embed.Embedders;
import dev.mmlake.embed.QueryEmbeddings;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Cache-hit throughput of {@code SELECT EMBED_TEXT(body)}: {@code cacheRows} synthetic 384-float
 * vectors in {@code lake.embeddings} (sorted by key, {@value #ROWS_PER_FILE} to a file), a table of
 * {@code n} texts that all hit it, and texts/s of the query against a plain in-memory
 * {@code HashMap} look-up of the same keys (sha256 + get) in the same run. Also reports the files
 * and rows the look-ups had to open. Rounds alternate; the best of each is reported.
 */
public final class EmbedCacheHitBenchmark {
  static final int ROWS_PER_FILE = 50_000;
  private static final int DIM = 384;

  private final Path home;
  private final int n;
  private final int cacheRows;
  private final int rounds;
  private final PrintStream out;

  public EmbedCacheHitBenchmark(Path home, int n, int cacheRows, int rounds, PrintStream out) {
    this.home = home;
    this.n = n;
    this.cacheRows = cacheRows;
    this.rounds = rounds;
    this.out = out;
  }

  public void run() throws Exception {
    try (Engine engine = Engine.open(LakehouseConfig.embedded(home));
         Session session = engine.newSession("bench")) {
      Embedder model = Embedders.text(EmbedConfig.from(engine.lakehouse().config()));
      long t0 = System.nanoTime();
      FakeEmbeddingCache.write(engine.lakehouse(), model.model(), model.version(), cacheRows, DIM,
          ROWS_PER_FILE);
      out.printf("cache: %d vectors of %d floats in %d files, written in %.1f s%n", cacheRows, DIM,
          (cacheRows + ROWS_PER_FILE - 1) / ROWS_PER_FILE, (System.nanoTime() - t0) / 1e9);
      Map<String, float[]> baseline = new HashMap<>();
      for (int i = 0; i < cacheRows; i++) {
        float[] v = new float[DIM];
        v[0] = i;
        baseline.put(Sha256.hex(FakeEmbeddingCache.text(i)), v);
      }
      Random random = new Random(42);
      String[] texts = new String[n];
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < n; i++) {
        texts[i] = FakeEmbeddingCache.text(random.nextInt(cacheRows));
        values.append(i == 0 ? "" : ", ").append('(').append(i).append(", '").append(texts[i])
            .append("')");
      }
      session.execute("CREATE TABLE lake.bench_texts (id INTEGER, body VARCHAR)").close();
      session.execute("INSERT INTO lake.bench_texts VALUES " + values).close();
      double sqlBest = Double.MAX_VALUE;
      double mapBest = Double.MAX_VALUE;
      for (int round = 0; round < rounds; round++) {
        long computed = EmbedTextFunction.COMPUTED.get();
        long files = QueryEmbeddings.FILES_READ.get();
        long rowsInFiles = QueryEmbeddings.ROWS_IN_FILES_READ.get();
        long s0 = System.nanoTime();
        long rows = 0;
        try (StatementResult r = session.execute("SELECT id, EMBED_TEXT(body) FROM lake.bench_texts")) {
          ResultSet rs = r.resultSet();
          while (rs.next()) {
            rs.getObject(2);
            rows++;
          }
        }
        double sql = (System.nanoTime() - s0) / 1e9;
        if (EmbedTextFunction.COMPUTED.get() != computed) {
          throw new IllegalStateException("cache-hit benchmark computed "
              + (EmbedTextFunction.COMPUTED.get() - computed) + " vectors; expected all hits");
        }
        long m0 = System.nanoTime();
        long found = 0;
        for (String t : texts) {
          found += baseline.get(Sha256.hex(t)).length;
        }
        double map = (System.nanoTime() - m0) / 1e9;
        out.printf("round %d: SQL %d hits in %.3f s (%.1f texts/s, %d files / %d rows opened); "
            + "HashMap %.4f s (%.1f texts/s, %d floats)%n", round + 1, rows, sql, rows / sql,
            QueryEmbeddings.FILES_READ.get() - files,
            QueryEmbeddings.ROWS_IN_FILES_READ.get() - rowsInFiles, map, n / map, found);
        sqlBest = Math.min(sqlBest, sql);
        mapBest = Math.min(mapBest, map);
      }
      out.printf("best at %d cached vectors: SQL cache hits %.1f texts/s, in-memory HashMap "
          + "%.1f texts/s, SQL/HashMap = %.3fx%n", cacheRows, n / sqlBest, n / mapBest,
          mapBest / sqlBest);
    }
  }
}
