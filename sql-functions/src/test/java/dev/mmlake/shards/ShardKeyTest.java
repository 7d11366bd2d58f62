package dev.mmlake.shards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShardKeyTest {
  @Test
  void cleanIdsAreTheirOwnKey() {
    String hex = "0f".repeat(32);
    assertThat(ShardKey.of(hex)).isEqualTo(hex);
    assertThat(ShardKey.of("coco_000123-a")).isEqualTo("coco_000123-a");
  }

  @Test
  void unsafeIdsAreSanitizedAndHashed() {
    List<String> ids = List.of("a/b", "../../etc/passwd", "img.001.jpg", "café", "日本語",
        "", "tab\there", "line\nbreak", "-rf", "..", ".", "a b", "x".repeat(200), "a..b/c",
        "\u0000nul");
    for (String id : ids) {
      String key = ShardKey.of(id);
      assertThat(key).as(id).matches("[A-Za-z0-9_-]+").doesNotContain(".", "/")
          .doesNotStartWith("-").hasSizeLessThanOrEqualTo(ShardKey.MAX_CLEAN);
      assertThat(ShardKey.isValid(key)).isTrue();
      assertThat(ShardKey.of(id)).as("deterministic").isEqualTo(key);
    }
    assertThat(ShardKey.of("a/b")).startsWith("a_b_").hasSize(4 + ShardKey.HASH_HEX);
    assertThat(ShardKey.of("../../etc/passwd")).startsWith("_etc_passwd_");
    assertThat(ShardKey.of("img.001.jpg")).startsWith("img_001_jpg_");
    assertThat(ShardKey.of("café")).startsWith("caf_");
    assertThat(ShardKey.of("")).matches("_[0-9a-f]{16}");
  }

  @Test
  void idsThatSanitizeAlikeGetDifferentKeys() {
    List<String> ids = List.of("a/b", "a.b", "a b", "a//b", "a\u00e9b", "a_b", "x".repeat(81),
        "x".repeat(82));
    assertThat(ids.stream().map(ShardKey::of).distinct()).hasSize(ids.size());
    // "a_b" is clean and kept; "a.b" becomes a_b_<hash>, so they differ too.
    assertThat(ShardKey.of("a_b")).isEqualTo("a_b");
  }

  @Test
  void nonAsciiIsHandledPerCodePoint() {
    // A surrogate pair (one code point) and a combining sequence both become one underscore run.
    assertThat(ShardKey.of("x\uD83D\uDE00y")).startsWith("x_y_");
    assertThat(ShardKey.of("e\u0301")).startsWith("e_");
    assertThat(ShardKey.of("e\u0301")).isNotEqualTo(ShardKey.of("\u00e9"));
  }
}
