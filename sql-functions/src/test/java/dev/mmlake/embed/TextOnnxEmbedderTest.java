package dev.mmlake.embed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextOnnxEmbedderTest {
  static final List<String> SENTENCES = List.of(
      "A man is riding a horse on the beach.",
      "The quick brown fox jumps over the lazy dog.",
      "Iceberg tables store snapshots of Parquet files.",
      "Der schnelle braune Fuchs springt über den faulen Hund.",
      "Le café est très chaud ce matin à Paris.",
      "東京は日本の首都です。",
      "Москва — столица России.",
      "¿Dónde está la biblioteca?",
      "Emoji test 🚀🔥 with symbols © ® ™ and numbers 3.14159",
      "SELECT count(*) FROM lake.items WHERE modality = 'image';",
      "   leading and trailing spaces   ",
      "UPPER CASE AND lower case should match after BERT lowercasing",
      "a",
      "Two people riding bicycles on a street near a red bus.",
      "The stock market fell sharply after the announcement.",
      "Photosynthesis converts light energy into chemical energy.",
      "مرحبا بالعالم",
      "नमस्ते दुनिया",
      "Tab\tseparated\tvalues and\nnew lines",
      "https://example.com/path?query=1&other=two#fragment",
      "A very long review follows. " + String.join(" ", Collections.nCopies(60,
          "The camera takes sharp photos in daylight but struggles indoors.")));

  static Embedder embedder;

  @BeforeAll
  static void load() {
    embedder = Embedders.text(TestModels.config());
  }

  @Test
  void matchesLangchain4jOnVariedSentences() {
    assertThat(SENTENCES).hasSizeGreaterThanOrEqualTo(20);
    TextOnnxEmbedder text = (TextOnnxEmbedder) embedder;
    assertThat(text.tokenIds(List.of(SENTENCES.get(SENTENCES.size() - 1))).get(0))
        .as("the long text is truncated by the tokenizer").hasSize(128);
    assertThat(new AllMiniLmL6V2EmbeddingModel().embed(SENTENCES.get(0)).content().vector())
        .hasSize(384);
    AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
    float[][] ours = embedder.embedTexts(SENTENCES);
    double min = 1;
    for (int i = 0; i < SENTENCES.size(); i++) {
      float[] theirs = reference.embed(SENTENCES.get(i)).content().vector();
      assertThat(ours[i]).hasSize(384);
      double cos = Vectors.cosine(ours[i], theirs);
      assertThat(cos).as("sentence %d: %s", i, SENTENCES.get(i)).isGreaterThanOrEqualTo(0.9999);
      min = Math.min(min, cos);
    }
    System.out.printf("min cosine vs langchain4j over %d texts: %.8f%n", SENTENCES.size(), min);
  }

  @Test
  void longTextIsLongerThan256TokensBeforeTruncation() {
    String longText = SENTENCES.get(SENTENCES.size() - 1);
    // 60 copies of a 12-word sentence: far beyond 256 word pieces
    assertThat(longText.split(" ").length).isGreaterThan(600);
  }

  @Test
  void resultsDoNotDependOnBatchOrPadding() {
    float[][] batch = embedder.embedTexts(SENTENCES);
    for (int i : new int[] {0, 5, 12, 20}) {
      float[] alone = embedder.embedTexts(List.of(SENTENCES.get(i)))[0];
      assertThat(Vectors.cosine(batch[i], alone)).isGreaterThan(0.99999);
    }
  }

  @Test
  void invocationsCountBatchesAndLargeListsAreSplit() {
    Embedder small = Embedders.get(embedder.spec(), TestModels.config().withBatchSize(4));
    assertThat(small).isNotSameAs(embedder);
    assertThat(small.maxBatchSize()).isEqualTo(4);
    long before = small.invocations();
    small.embedTexts(SENTENCES.subList(0, 4));
    assertThat(small.invocations() - before).isEqualTo(1);
    List<String> ten = new ArrayList<>(SENTENCES.subList(0, 10));
    float[][] out = small.embedTexts(ten);
    assertThat(small.invocations() - before).isEqualTo(1 + 3);
    assertThat(out.length).isEqualTo(10);
    float[][] reference = embedder.embedTexts(ten);
    for (int i = 0; i < 10; i++) {
      assertThat(Vectors.cosine(out[i], reference[i])).as("order kept for %d", i)
          .isGreaterThan(0.99999);
    }
    small.embedTexts(List.of());
    assertThat(small.invocations() - before).isEqualTo(4);
  }

  @Test
  void vectorsAreUnitLengthAndEmptyTextEmbeds() {
    float[][] out = embedder.embedTexts(List.of("", "hello world"));
    for (float[] v : out) {
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, Offset.offset(1e-5));
    }
    assertThat(Vectors.cosine(out[0], out[1])).isLessThan(0.99);
  }

  @Test
  void aTokenizerWithoutTruncationIsCappedAtBertsPositionLimit(@TempDir Path tmp)
      throws Exception {
    Path dir = embedder.spec().location();
    ObjectMapper json = new ObjectMapper();
    ObjectNode tok = (ObjectNode) json.readTree(dir.resolve("tokenizer.json").toFile());
    tok.putNull("truncation");
    tok.putNull("padding");
    Path file = tmp.resolve("tokenizer.json");
    json.writeValue(file.toFile(), tok);
    String veryLong = "word ".repeat(700);
    try (HuggingFaceTokenizer t = TextOnnxEmbedder.truncating(file)) {
      assertThat(t.encode(veryLong).getIds()).hasSize(TextOnnxEmbedder.DEFAULT_MAX_TOKENS);
    }
    try (HuggingFaceTokenizer t = TextOnnxEmbedder.truncating(dir.resolve("tokenizer.json"))) {
      assertThat(t.encode(veryLong).getIds()).hasSize(128);
    }
  }

  @Test
  void aTextModelDirectoryRegistersWithItsHiddenSize(@TempDir Path tmp) throws Exception {
    Path dir = embedder.spec().location();
    Path copy = Files.createDirectories(tmp.resolve("my-minilm"));
    Files.createSymbolicLink(copy.resolve("model.onnx"), dir.resolve("model.onnx"));
    Files.createSymbolicLink(copy.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    Files.writeString(copy.resolve("config.json"), "{\"hidden_size\": 384}");
    ModelSpec spec = ModelSpec.fromDirectory("my-minilm", copy);
    assertThat(spec.modality()).isEqualTo(ModelSpec.TEXT);
    assertThat(spec.dim()).isEqualTo(384);
    assertThat(spec.files().get("model.onnx")).isEqualTo(embedder.spec().files().get("model.onnx"));
    assertThat(spec.version()).as("config.json is part of the digest")
        .isNotEqualTo(embedder.version());
  }

  @Test
  void specIsTheBuiltinWithADigestVersion() {
    ModelSpec spec = embedder.spec();
    assertThat(embedder.model()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(embedder.dim()).isEqualTo(384);
    assertThat(spec.files()).containsOnlyKeys("model.onnx", "tokenizer.json");
    assertThat(embedder.version()).hasSize(16).isEqualTo(ModelFiles.version(spec.files()));
    assertThat(Embedders.text(TestModels.config())).isSameAs(embedder);
  }
}
