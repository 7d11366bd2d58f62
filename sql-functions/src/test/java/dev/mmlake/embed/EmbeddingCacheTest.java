package dev.mmlake.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {
  @TempDir
  Path tmp;

  private static long rows(Lakehouse lh) throws IOException {
    long n = 0;
    try (CloseableIterable<Record> it = IcebergGenerics.read(lh.table(LakeTables.EMBEDDINGS))
        .build()) {
      for (Record r : it) {
        n++;
      }
    }
    return n;
  }

  @Test
  void computesOnlyMissesAndStoresThemOnce() throws IOException {
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(tmp))) {
      lh.init();
      EmbeddingCache cache = new EmbeddingCache(lh);
      ClipEmbedder clip = Embedders.clip(TestModels.config());
      List<String> first = List.of("a photo of a cat", "a red bus", "a photo of a cat");
      long calls = clip.invocations();
      float[][] a = cache.embedTexts(clip, first);
      assertThat(clip.invocations() - calls).isEqualTo(1);
      assertThat(rows(lh)).as("the duplicate text is stored once").isEqualTo(2);
      assertThat(a[0]).containsExactly(a[2]);
      assertThat(a[1]).containsExactly(clip.embedTexts(List.of("a red bus"))[0]);

      calls = clip.invocations();
      float[][] again = cache.embedTexts(clip, first);
      assertThat(clip.invocations()).as("all hits: no model call").isEqualTo(calls);
      assertThat(again[1]).containsExactly(a[1]);

      float[][] mixed = cache.embedTexts(clip, List.of("a red bus", "two dogs"));
      assertThat(clip.invocations() - calls).isEqualTo(1);
      assertThat(mixed[0]).containsExactly(a[1]);
      assertThat(rows(lh)).isEqualTo(3);

      Map<String, float[]> stored = cache.lookup(clip.model(), clip.version(),
          List.of(Sha256.hex("two dogs"), Sha256.hex("never seen")));
      assertThat(stored).containsOnlyKeys(Sha256.hex("two dogs"));
      assertThat(cache.lookup(clip.model(), "0000000000000000", List.of(Sha256.hex("two dogs"))))
          .as("another version of the model never reuses a vector").isEmpty();
    }
  }

  @Test
  void imagesAreKeyedByTheirBytes() throws IOException {
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(tmp))) {
      lh.init();
      EmbeddingCache cache = new EmbeddingCache(lh);
      ClipEmbedder clip = Embedders.clip(TestModels.config());
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(ClipOnnxEmbedderTest.solid(Color.ORANGE, 40, 30), "png", png);
      byte[] bytes = png.toByteArray();
      float[] v = cache.embedImageBytes(clip, List.of(bytes))[0];
      long calls = clip.invocations();
      assertThat(cache.embedImageBytes(clip, List.of(bytes))[0]).containsExactly(v);
      assertThat(clip.invocations()).isEqualTo(calls);
      assertThat(cache.lookup(clip.model(), clip.version(), List.of(Sha256.hex(bytes))))
          .containsKey(Sha256.hex(bytes));
    }
  }
}
