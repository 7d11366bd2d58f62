package dev.mmlake.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class ShardOptionsTest {
  @Test
  void jsonOverridesDefaults() {
    ShardOptions o = ShardOptions.ofJson(
        "{\"max_samples\": 1000, \"max_mb\": 256, \"seed\": 7, \"embeddings\": \"clip\"}");
    assertThat(o.maxSamples()).isEqualTo(1000);
    assertThat(o.maxBytes()).isEqualTo(256_000_000L);
    assertThat(o.seed()).isEqualTo(7);
    assertThat(o.embeddings()).isEqualTo("clip");
    assertThat(o.prefix()).isEqualTo("shard");
    assertThat(ShardOptions.ofJson(null)).isEqualTo(ShardOptions.defaults());
  }

  @Test
  void hashCoversOutputOptionsButNotThreads() {
    ShardOptions o = ShardOptions.ofJson("{\"max_samples\": 10, \"seed\": 7}");
    assertThat(o.withThreads(1).optionsHash()).isEqualTo(o.withThreads(16).optionsHash())
        .matches("[0-9a-f]{64}");
    assertThat(o.withSeed(8).optionsHash()).isNotEqualTo(o.optionsHash());
    assertThat(ShardOptions.ofJson("{\"max_samples\": 10, \"seed\": 7, \"embeddings\": \"clip\"}")
        .optionsHash()).isNotEqualTo(o.optionsHash());
    assertThat(o.canonicalJson().toString()).isEqualTo("{\"embeddings\":null,\"format\":\""
        + ShardOptions.FORMAT + "\",\"max_bytes\":1000000000,\"max_samples\":10,"
        + "\"prefix\":\"shard\",\"seed\":7}");
  }

  @Test
  void badOptionsAreRejectedWithTheirName() {
    assertThatThrownBy(() -> ShardOptions.ofJson("{\"max_sample\": 3}"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("max_sample");
    assertThatThrownBy(() -> ShardOptions.ofJson("{\"max_samples\": 0}"))
        .hasMessageContaining("max_samples must be >= 1");
    assertThatThrownBy(() -> ShardOptions.ofJson("{\"max_mb\": -1}"))
        .hasMessageContaining("max_mb");
    assertThatThrownBy(() -> ShardOptions.ofJson("{\"seed\": 1.5}"))
        .hasMessageContaining("seed");
    assertThatThrownBy(() -> ShardOptions.ofJson("{\"prefix\": \"../x\"}"))
        .hasMessageContaining("prefix");
    assertThatThrownBy(() -> ShardOptions.ofJson("[1]"))
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> ShardOptions.ofJson("{oops"))
        .hasMessageContaining("not valid JSON");
  }
}
