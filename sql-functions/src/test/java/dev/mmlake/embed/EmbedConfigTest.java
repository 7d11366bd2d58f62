package dev.mmlake.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.mmlake.catalog.LakehouseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedConfigTest {
  @TempDir
  Path home;

  /** embed.batch-size through the one settings model: flag > env > file > default. */
  private EmbedConfig resolved(Map<String, String> env, Map<String, String> flags)
      throws Exception {
    return EmbedConfig.from(LakehouseConfig.resolve(null, env,
        withHome(flags)));
  }

  private Map<String, String> withHome(Map<String, String> flags) {
    Map<String, String> m = new HashMap<>(flags);
    m.put(LakehouseConfig.HOME, home.toString());
    return m;
  }

  @Test
  void embedKeyDefaultApplies() throws Exception {
    EmbedConfig d = resolved(Map.of(), Map.of());
    assertThat(d.batchSize()).isEqualTo(EmbedConfig.DEFAULT_BATCH_SIZE);
    assertThat(d.modelsDir()).isEqualTo(home.resolve("models"));
    assertThat(d.clipModelDir()).isNull();
    assertThat(d.predictors()).isEqualTo(1);
    assertThatThrownBy(d::requireClipModelDir).isInstanceOf(EmbedException.class)
        .hasMessageContaining(EmbedConfig.CLIP_MODEL_DIR)
        .hasMessageContaining("MMLAKE_EMBED_CLIP_MODEL_DIR");
  }

  @Test
  void embedKeyFileBeatsDefault() throws Exception {
    Files.writeString(home.resolve("mmlake.properties"), "embed.batch-size=8\n");
    assertThat(resolved(Map.of(), Map.of()).batchSize()).isEqualTo(8);
  }

  @Test
  void embedKeyEnvironmentBeatsFile() throws Exception {
    Files.writeString(home.resolve("mmlake.properties"), "embed.batch-size=8\n");
    assertThat(resolved(Map.of("MMLAKE_EMBED_BATCH_SIZE", "16"), Map.of()).batchSize())
        .isEqualTo(16);
  }

  @Test
  void embedKeyFlagBeatsEnvironment() throws Exception {
    Files.writeString(home.resolve("mmlake.properties"), "embed.batch-size=8\n");
    LakehouseConfig config = LakehouseConfig.resolve(null,
        Map.of("MMLAKE_EMBED_BATCH_SIZE", "16"), withHome(Map.of()))
        .with(EmbedConfig.BATCH_SIZE, "4");
    assertThat(EmbedConfig.from(config).batchSize()).isEqualTo(4);
    assertThat(config.source(EmbedConfig.BATCH_SIZE)).isEqualTo(LakehouseConfig.FLAG);
  }

  @Test
  void deprecatedEnvironmentNameStillWorksWithAWarning() throws Exception {
    LakehouseConfig config = LakehouseConfig.resolve(null,
        Map.of("MMLAKE_CLIP_MODEL_DIR", "/env/clip"), withHome(Map.of()));
    assertThat(EmbedConfig.from(config).clipModelDir()).isEqualTo(Path.of("/env/clip"));
    assertThat(config.warnings()).containsExactly(
        "MMLAKE_CLIP_MODEL_DIR is deprecated: use MMLAKE_EMBED_CLIP_MODEL_DIR");
  }

  @Test
  void badValuesFailWithTheKey() {
    assertThatThrownBy(() -> EmbedConfig.resolve(Map.of(EmbedConfig.BATCH_SIZE, "lots"),
        Path.of("/d"))).hasMessageContaining(EmbedConfig.BATCH_SIZE);
    assertThatThrownBy(() -> EmbedConfig.resolve(Map.of(EmbedConfig.BATCH_SIZE, "0"),
        Path.of("/d"))).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> EmbedDevice.parse("tpu")).hasMessageContaining("use cpu or gpu");
    assertThat(EmbedDevice.parse("GPU")).isEqualTo(EmbedDevice.GPU);
  }

  @Test
  void gpuWithoutCudaRuntimeFailsNamingTheArtifact() {
    // This machine runs the CPU build of ONNX Runtime: asking for the GPU must say what to add.
    // (On a machine with onnxruntime_gpu and a CUDA device this test does not apply.)
    Assumptions.assumeFalse(
        OrtEnvironment.getAvailableProviders()
            .contains(OrtProvider.CUDA));
    EmbedConfig gpu = TestModels.config().withDevice(EmbedDevice.GPU);
    int loaded = Embedders.loadedCount();
    assertThatThrownBy(() -> Embedders.clip(gpu)).isInstanceOf(EmbedException.class)
        .hasMessageContaining("onnxruntime_gpu").hasMessageContaining("embed.device=cpu");
    assertThat(Embedders.loadedCount()).isEqualTo(loaded);
  }

  @Test
  void sharedEmbedderIsSafeFromManyThreads() throws Exception {
    ClipEmbedder clip = Embedders.clip(TestModels.config().withPredictors(2).withBatchSize(3));
    List<String> texts = List.of("a photo of a cat", "a red bus", "two people", "a dog", "sky");
    float[][] expected = clip.embedTexts(texts);
    long before = clip.invocations();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[][]>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> clip.embedTexts(texts)));
      }
      for (Future<float[][]> f : results) {
        float[][] got = f.get();
        for (int i = 0; i < texts.size(); i++) {
          assertThat(Vectors.cosine(got[i], expected[i])).isGreaterThan(0.99999);
        }
      }
    } finally {
      pool.shutdown();
    }
    assertThat(clip.invocations() - before).isEqualTo(16 * 2);
  }
}
