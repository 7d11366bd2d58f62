package dev.mmlake.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.shards.NpyWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Determinism, every sample once, resume from a cursor, decoding. */
class ShardLoaderTest {
  private static final int N = 61;
  @TempDir static Path dir;
  static LoaderShardSet set;
  static List<String> allKeys;

  @BeforeAll
  static void writeSet() {
    set = LoaderTestSets.write(dir, N, 7); // 9 shards, the last one with 5 samples
    allKeys = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      allKeys.add(String.format("s-%03d", i));
    }
  }

  private static List<String> epoch(LoaderConfig config) {
    try (ShardLoader l = ShardLoader.open(set, config)) {
      return LoaderTestSets.keys(l, Long.MAX_VALUE);
    }
  }

  private static LoaderConfig config(long seed, long epoch, int workers, int buffer) {
    return LoaderConfig.of(seed, epoch, workers).withShuffleBuffer(buffer).withPrefetch(3);
  }

  @Test
  void sameSettingsGiveTheSameOrderAndEverySampleOnce() {
    assertThat(set.shards()).hasSize(9);
    for (int workers : new int[] {1, 3, 4, 12}) {
      LoaderConfig c = config(42, 0, workers, 5);
      List<String> first = epoch(c);
      assertThat(first).hasSize(N).containsExactlyInAnyOrderElementsOf(allKeys);
      assertThat(new HashSet<>(first)).hasSize(N);
      assertThat(epoch(c)).containsExactlyElementsOf(first);
      assertThat(epoch(c.withPrefetch(1))).as("prefetch does not change the order")
          .containsExactlyElementsOf(first);
    }
  }

  @Test
  void anotherSeedOrEpochGivesAnotherOrder() {
    List<String> base = epoch(config(42, 0, 3, 5));
    List<String> otherSeed = epoch(config(43, 0, 3, 5));
    List<String> otherEpoch = epoch(config(42, 1, 3, 5));
    assertThat(otherSeed).containsExactlyInAnyOrderElementsOf(base).isNotEqualTo(base);
    assertThat(otherEpoch).containsExactlyInAnyOrderElementsOf(base).isNotEqualTo(base)
        .isNotEqualTo(otherSeed);
    assertThat(ShardLoader.shardOrder(set.shards(), 42, 0))
        .isNotEqualTo(ShardLoader.shardOrder(set.shards(), 42, 1));
  }

  @Test
  void resumeYieldsExactlyTheRestOfTheEpoch() {
    for (int workers : new int[] {1, 3, 4}) {
      for (int buffer : new int[] {1, 6, 100}) {
        LoaderConfig c = config(7, 2, workers, buffer);
        List<String> full = epoch(c);
        for (int n : new int[] {0, 1, 13, 30, 60, 61}) {
          List<String> head;
          LoaderCursor cursor;
          try (ShardLoader l = ShardLoader.open(set, c)) {
            head = LoaderTestSets.keys(l, n);
            cursor = LoaderCursor.parse(l.cursor().toJson());
          }
          assertThat(cursor.delivered()).isEqualTo(n);
          List<String> rest;
          try (ShardLoader l = ShardLoader.resume(set, c, cursor)) {
            rest = LoaderTestSets.keys(l, Long.MAX_VALUE);
            assertThat(l.delivered()).isEqualTo(N);
          }
          List<String> union = new ArrayList<>(head);
          union.addAll(rest);
          assertThat(union).as("workers %s buffer %s stop at %s", workers, buffer, n)
              .containsExactlyElementsOf(full);
        }
      }
    }
  }

  @Test
  void resumingTwiceChainsCursors() {
    LoaderConfig c = config(1, 0, 3, 4);
    List<String> full = epoch(c);
    List<String> got = new ArrayList<>();
    LoaderCursor cursor = null;
    while (got.size() < N) {
      try (ShardLoader l = cursor == null ? ShardLoader.open(set, c)
          : ShardLoader.resume(set, c, cursor)) {
        got.addAll(LoaderTestSets.keys(l, 10));
        cursor = l.cursor();
      }
    }
    assertThat(got).containsExactlyElementsOf(full);
  }

  @Test
  void aCursorOfAnotherRunIsRefused() {
    LoaderCursor cursor;
    try (ShardLoader l = ShardLoader.open(set, config(7, 0, 2, 5))) {
      l.next();
      cursor = l.cursor();
    }
    for (LoaderConfig other : List.of(config(8, 0, 2, 5), config(7, 1, 2, 5),
        config(7, 0, 3, 5), config(7, 0, 2, 6))) {
      assertThatThrownBy(() -> ShardLoader.resume(set, other, cursor))
          .isInstanceOf(LoaderException.class)
          .hasMessageContaining("resume with the same settings")
          .extracting(e -> ((LoaderException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
    assertThatThrownBy(() -> LoaderCursor.parse("{\"format\": \"x\"}"))
        .isInstanceOf(LoaderException.class);
  }

  @Test
  void decodesImagesTextAndVectors() {
    try (ShardLoader l = ShardLoader.open(set, config(3, 0, 2, 8))) {
      int seen = 0;
      for (LoaderSample s; (s = l.next()) != null; seen++) {
        int i = Integer.parseInt(s.key().substring(2));
        assertThat(s.json()).contains("\"i\":" + i);
        if (i % 2 == 0) {
          assertThat(s.vector()).containsExactly(i, 0.5f, -1f, 1e-3f);
        } else {
          assertThat(s.vector()).isNull();
        }
        if (i % 3 == 2) {
          assertThat(s.image()).isNull();
          assertThat(s.text()).isEqualTo("body " + i + " \u00e9");
          continue;
        }
        ImageArray img = s.image();
        assertThat(img.height()).isEqualTo(4);
        assertThat(img.width()).isEqualTo(5);
        if (i % 3 == 0) { // PNG is lossless: exact RGB
          assertThat(img.at(2, 3, 0)).isEqualTo((30 + i) & 0xFF);
          assertThat(img.at(2, 3, 1)).isEqualTo(40);
          assertThat(img.at(2, 3, 2)).isEqualTo(200);
          byte[] chw = img.chw();
          assertThat(chw[2 * 5 + 3] & 0xFF).isEqualTo((30 + i) & 0xFF);
          assertThat(chw[20 + 2 * 5 + 3] & 0xFF).isEqualTo(40);
          assertThat(chw[40 + 2 * 5 + 3] & 0xFF).isEqualTo(200);
        } else {
          assertThat(s.text()).isEqualTo("caption " + i);
          assertThat(img.at(0, 0, 2)).isBetween(170, 230); // JPEG is lossy
        }
      }
      assertThat(seen).isEqualTo(N);
    }
  }

  @Test
  void npyReaderReadsWhatNpyWriterWrites() {
    float[] v = {1f, -2.5f, Float.MIN_VALUE, 3e38f};
    assertThat(NpyReader.readFloat32(NpyWriter.bytes(v), "v")).containsExactly(v);
    float[][] rows = {{1f, 2f}, {3f, 4f}};
    assertThat(NpyReader.readFloat32(NpyWriter.bytes(rows), "m")).containsExactly(1f, 2f, 3f,
        4f);
    assertThatThrownBy(() -> NpyReader.readFloat32(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
        "x")).isInstanceOf(LoaderException.class).hasMessageContaining("magic");
  }

  @Test
  void badConfigIsAnInvalidArgument() {
    assertThatThrownBy(() -> LoaderConfig.of(1, 0, 0)).isInstanceOf(LoaderException.class)
        .hasMessageContaining("workers");
    assertThatThrownBy(() -> LoaderConfig.of(1, -1, 1)).isInstanceOf(LoaderException.class);
  }
}
