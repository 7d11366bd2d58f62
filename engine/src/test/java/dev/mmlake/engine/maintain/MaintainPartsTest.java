package dev.mmlake.engine.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.error.InvalidArgumentException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Durations, digest extraction and local paths of {@code mmlake maintain}. */
class MaintainPartsTest {
  private static final String A = "a".repeat(64);
  private static final String B = "0123456789abcdef".repeat(4);

  @Test
  void durationsInShortAndIsoForm() {
    assertThat(DurationText.parse("7d", "x")).isEqualTo(Duration.ofDays(7));
    assertThat(DurationText.parse("12h", "x")).isEqualTo(Duration.ofHours(12));
    assertThat(DurationText.parse("0", "x")).isZero();
    assertThat(DurationText.parse("P2D", "x")).isEqualTo(Duration.ofDays(2));
    assertThat(DurationText.format(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
    assertThatThrownBy(() -> DurationText.parse("soon", "--older-than"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("--older-than");
    assertThatThrownBy(() -> DurationText.parse("-P1D", "x"))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void digestsFromBareHashesAndUrisInsideText() {
    Set<String> out = new HashSet<>();
    BlobCollector.digests(A, out);
    BlobCollector.digests("{\"frames\":[\"cas://sha256/" + B + "\",\"cas://sha256/short\"]}", out);
    BlobCollector.digests("A".repeat(64), out); // upper case is not a content key
    BlobCollector.digests("cas://sha256/", out);
    assertThat(out).containsExactlyInAnyOrder(A, B);
  }

  @Test
  void localPathsOfLocations() {
    assertThat(TableFiles.localPath("file:/tmp/w/a.parquet")).isEqualTo(Path.of("/tmp/w/a.parquet"));
    assertThat(TableFiles.localPath("file:///tmp/w/a.parquet"))
        .isEqualTo(Path.of("/tmp/w/a.parquet"));
    assertThat(TableFiles.localPath("/tmp/w/../w/a.parquet")).isEqualTo(Path.of("/tmp/w/a.parquet"));
    assertThat(TableFiles.localPath("s3://bucket/w/a.parquet")).isNull();
  }
}
