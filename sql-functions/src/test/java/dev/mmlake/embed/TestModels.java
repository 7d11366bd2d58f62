package dev.mmlake.embed;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Model locations for tests: tiny-clip from test resources, built-ins copied under target/. */
final class TestModels {
  private TestModels() {
  }

  static Path tinyClip() {
    try {
      return Path.of(TestModels.class.getResource("/models/tiny-clip/config.json").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static EmbedConfig config() {
    return new EmbedConfig(Path.of("target", "test-models"), EmbedConfig.DEFAULT_BATCH_SIZE,
        EmbedDevice.CPU, tinyClip(), 1);
  }
}
