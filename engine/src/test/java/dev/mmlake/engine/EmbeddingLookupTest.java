package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.bench.FakeEmbeddingCache;
import dev.mmlake.embed.EmbedConfig;
import dev.mmlake.embed.EmbedTextFunction;
import dev.mmlake.embed.Embedder;
import dev.mmlake.embed.Embedders;
import dev.mmlake.embed.QueryEmbeddings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EMBED_TEXT reads only the cache rows of the keys at hand, not the whole model version. */
public class EmbeddingLookupTest extends EngineTestBase {
  private static final int CACHED = 20_000;
  private static final int PER_FILE = 500;

  @Test
  void tenTextsAgainstTwentyThousandCachedVectorsReadAFewFiles() {
    Embedder model = Embedders.text(EmbedConfig.from(engine.lakehouse().config()));
    FakeEmbeddingCache.write(engine.lakehouse(), model.model(), model.version(), CACHED, 4,
        PER_FILE);
    exec("CREATE TABLE lake.texts (id INTEGER, body VARCHAR)");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      int n = i * 1999;
      values.append(i == 0 ? "" : ", ").append('(').append(n).append(", '")
          .append(FakeEmbeddingCache.text(n)).append("')");
    }
    exec("INSERT INTO lake.texts VALUES " + values);
    assertThat(scalar("SELECT COUNT(*) FROM lake.embeddings")).isEqualTo((long) CACHED);
    long computed = EmbedTextFunction.COMPUTED.get();
    long files = QueryEmbeddings.FILES_READ.get();
    long rowsRead = QueryEmbeddings.ROWS_IN_FILES_READ.get();

    List<List<Object>> rows = rows("SELECT id, EMBED_TEXT(body) FROM lake.texts ORDER BY id");

    assertThat(rows).hasSize(10);
    for (List<Object> r : rows) {
      int id = (Integer) r.get(0);
      List<?> v = (List<?>) r.get(1);
      assertThat(v).as("cached vector of text %d", id).hasSize(4);
      assertThat(v.get(0)).isEqualTo((float) id);
    }
    assertThat(EmbedTextFunction.COMPUTED.get()).as("every text hit the cache").isEqualTo(computed);
    long filesRead = QueryEmbeddings.FILES_READ.get() - files;
    long rowsInFiles = QueryEmbeddings.ROWS_IN_FILES_READ.get() - rowsRead;
    assertThat(filesRead).as("files opened for 10 keys out of %d", CACHED / PER_FILE)
        .isBetween(1L, 10L);
    assertThat(rowsInFiles).as("rows in the files read").isLessThanOrEqualTo(10L * PER_FILE);
  }

  @Test
  void aMissIsComputedOnceAndAHitIsNotRecomputed() {
    exec("CREATE TABLE lake.texts (body VARCHAR)");
    exec("INSERT INTO lake.texts VALUES ('alpha'), ('beta'), ('alpha')");
    long computed = EmbedTextFunction.COMPUTED.get();
    List<List<Object>> first = rows("SELECT body, EMBED_TEXT(body) FROM lake.texts ORDER BY body");
    assertThat(EmbedTextFunction.COMPUTED.get() - computed).isEqualTo(2);
    assertThat(scalar("SELECT COUNT(*) FROM lake.embeddings")).isEqualTo(2L);
    long files = QueryEmbeddings.FILES_READ.get();
    assertThat(rows("SELECT body, EMBED_TEXT(body) FROM lake.texts ORDER BY body"))
        .isEqualTo(first);
    assertThat(EmbedTextFunction.COMPUTED.get() - computed).isEqualTo(2);
    assertThat(QueryEmbeddings.FILES_READ.get() - files).isEqualTo(1);
    assertThat(scalar("SELECT COUNT(*) FROM lake.embeddings")).isEqualTo(2L);
  }
}
