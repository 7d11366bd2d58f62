package dev.mmlake.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class EmbedConfigTest {
  @Test
  void systemPropertyBeatsEnvironmentBeatsLakehouseProperties() {
    Properties sys = new Properties();
    Map<String, String> env = Map.of("MMLAKE_EMBED_BATCH_SIZE", "16", "MMLAKE_CLIP_MODEL_DIR",
        "/env/clip");
    Map<String, String> props = Map.of(EmbedConfig.BATCH_SIZE, "8", EmbedConfig.MODELS_DIR,
        "/props/models", EmbedConfig.CLIP_MODEL_DIR, "/props/clip", EmbedConfig.DEVICE, "CPU");
    EmbedConfig c = EmbedConfig.resolve(props, env, sys, Path.of("/default"));
    assertThat(c.batchSize()).isEqualTo(16);
    assertThat(c.modelsDir()).isEqualTo(Path.of("/props/models"));
    assertThat(c.clipModelDir()).isEqualTo(Path.of("/env/clip"));
    assertThat(c.device()).isEqualTo(EmbedDevice.CPU);
    sys.setProperty("mmlake.embed.batch-size", "4");
    sys.setProperty("mmlake.models.dir", "/sys/models");
    c = EmbedConfig.resolve(props, env, sys, Path.of("/default"));
    assertThat(c.batchSize()).isEqualTo(4);
    assertThat(c.modelsDir()).isEqualTo(Path.of("/sys/models"));
    EmbedConfig d = EmbedConfig.resolve(Map.of(), Map.of(), new Properties(), Path.of("/d"));
    assertThat(d.batchSize()).isEqualTo(EmbedConfig.DEFAULT_BATCH_SIZE);
    assertThat(d.modelsDir()).isEqualTo(Path.of("/d"));
    assertThat(d.clipModelDir()).isNull();
    assertThat(d.predictors()).isEqualTo(1);
    assertThatThrownBy(d::requireClipModelDir).isInstanceOf(EmbedException.class)
        .hasMessageContaining(EmbedConfig.CLIP_MODEL_DIR)
        .hasMessageContaining("MMLAKE_CLIP_MODEL_DIR");
  }

  @Test
  void badValuesFailWithTheKey() {
    assertThatThrownBy(() -> EmbedConfig.resolve(Map.of(EmbedConfig.BATCH_SIZE, "lots"), Map.of(),
        new Properties(), Path.of("/d"))).hasMessageContaining(EmbedConfig.BATCH_SIZE);
    assertThatThrownBy(() -> EmbedConfig.resolve(Map.of(EmbedConfig.BATCH_SIZE, "0"), Map.of(),
        new Properties(), Path.of("/d"))).hasMessageContaining("at least 1");
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
