package dev.mmlake.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  @TempDir
  Path tmp;

  private static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  @Test
  void registersOncePerFilesAndNewFilesMakeANewVersion() throws IOException {
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(tmp.resolve("lh")))) {
      lh.init();
      assertThat(lh.catalog().tableExists(LakeTables.MODELS)).isTrue();
      ModelRegistry registry = new ModelRegistry(lh);
      Path v1 = tmp.resolve("v1").resolve("tiny-clip");
      copyDir(TestModels.tinyClip(), v1);
      ModelSpec first = registry.register("tiny-clip", v1);
      ModelSpec again = registry.register("tiny-clip", v1);
      assertThat(again.version()).isEqualTo(first.version());
      assertThat(registry.list()).hasSize(1);
      assertThat(first.version()).matches("[0-9a-f]{16}")
          .isEqualTo(ModelFiles.version(first.files()));
      assertThat(first.files().get("text_model.onnx"))
          .isEqualTo(ModelFiles.sha256(v1.resolve("text_model.onnx")));
      assertThat(first.dim()).isEqualTo(64);
      assertThat(first.modality()).isEqualTo(ModelSpec.TEXT_IMAGE);
      assertThat(first.preprocessing()).contains("\"image_size\":224");

      Path v2 = tmp.resolve("v2").resolve("tiny-clip");
      copyDir(TestModels.tinyClip(), v2);
      Files.writeString(v2.resolve("tokenizer.json"), " ", StandardOpenOption.APPEND);
      ModelSpec second = registry.register("tiny-clip", v2);
      assertThat(second.version()).isNotEqualTo(first.version());
      assertThat(registry.list()).hasSize(2);
      assertThat(registry.latest("tiny-clip")).get().extracting(ModelSpec::version)
          .isEqualTo(second.version());
      assertThat(registry.find("tiny-clip", first.version())).get()
          .extracting(ModelSpec::location).isEqualTo(v1.toAbsolutePath().normalize());
      assertThat(registry.find("tiny-clip", "0000000000000000")).isEmpty();
      assertThat(registry.latest("nope")).isEmpty();
      assertThatThrownBy(() -> registry.require("nope", null))
          .isInstanceOf(EmbedException.class).hasMessageContaining("not registered")
          .hasMessageContaining("tiny-clip@" + first.version());
    }
    try (Lakehouse reopened = Lakehouse.open(LakehouseConfig.embedded(tmp.resolve("lh")))) {
      ModelRegistry registry = new ModelRegistry(reopened);
      assertThat(registry.list()).extracting(ModelSpec::name).containsExactly("tiny-clip",
          "tiny-clip");
      ModelSpec stored = registry.require("tiny-clip", null);
      assertThat(stored.files()).containsKeys("vision_model.onnx", "config.json");
      // a spec read back loads like the one registered
      ClipEmbedder clip = Embedders.clip(stored, TestModels.config());
      assertThat(clip.version()).isEqualTo(stored.version());
      assertThat(clip.embedTexts(List.of("a photo of a cat"))[0]).hasSize(64);
    }
  }

  @Test
  void builtinTextModelRegistersAndTableIsCreatedOnDemand() {
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(tmp.resolve("lh2")))) {
      ModelRegistry registry = new ModelRegistry(lh);
      ModelSpec mini = registry.registerBuiltinText(TestModels.config());
      assertThat(mini.name()).isEqualTo("all-MiniLM-L6-v2");
      assertThat(mini.dim()).isEqualTo(384);
      assertThat(mini.modality()).isEqualTo(ModelSpec.TEXT);
      assertThat(registry.registerBuiltinText(TestModels.config()).version())
          .isEqualTo(mini.version());
      ModelSpec clip = registry.registerClip(TestModels.config());
      assertThat(clip.name()).isEqualTo("tiny-clip");
      assertThat(registry.list()).extracting(ModelSpec::key)
          .containsExactly(mini.key(), clip.key());
    }
  }

  @Test
  void rejectsDirectoriesThatAreNotModels() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> ModelSpec.fromDirectory("x", empty))
        .isInstanceOf(EmbedException.class).hasMessageContaining("not a model directory");
    Path broken = tmp.resolve("broken");
    copyDir(TestModels.tinyClip(), broken);
    Files.writeString(broken.resolve("config.json"), "{\"image_size\": 224}");
    assertThatThrownBy(() -> ModelSpec.fromDirectory("x", broken))
        .isInstanceOf(EmbedException.class)
        .hasMessageContaining("[image_mean, image_std, context_length, projection_dim]");
    Files.delete(broken.resolve("vision_model.onnx"));
    assertThatThrownBy(() -> ModelSpec.fromDirectory("x", broken))
        .isInstanceOf(EmbedException.class).hasMessageContaining("lacks [vision_model.onnx]");
  }
}
