package dev.mmlake.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClipOnnxEmbedderTest {
  static ClipOnnxEmbedder clip;
  static JsonNode reference;

  @BeforeAll
  static void load() throws IOException {
    clip = (ClipOnnxEmbedder) Embedders.clip(TestModels.config());
    reference = new ObjectMapper().readTree(TestModels.tinyClip().resolve("reference.json")
        .toFile());
  }

  private static List<String> texts() {
    List<String> t = new ArrayList<>();
    reference.get("texts").forEach(n -> t.add(n.asText()));
    return t;
  }

  private static float[] normalizedReference(JsonNode array) {
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) array.get(i).asDouble();
    }
    return Vectors.normalize(v);
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("component %d", i)
          .isCloseTo(expected[i], Offset.offset(1e-4f));
    }
  }

  @Test
  void tokenIdsMatchReference() {
    List<long[]> ids = clip.tokenIds(texts());
    for (int i = 0; i < ids.size(); i++) {
      JsonNode expected = reference.get("input_ids").get(i);
      long[] e = new long[expected.size()];
      for (int k = 0; k < e.length; k++) {
        e[k] = expected.get(k).asLong();
      }
      assertThat(ids.get(i)).isEqualTo(e);
    }
    assertThat(clip.config().padTokenId()).isEqualTo(1);
  }

  @Test
  void textEmbeddingsMatchReferenceInOnePaddedBatch() {
    float[][] out = clip.embedTexts(texts());
    for (int i = 0; i < out.length; i++) {
      assertClose(out[i], normalizedReference(reference.get("text_embeds").get(i)));
    }
  }

  @Test
  void textEmbeddingsMatchReferenceAlone() {
    List<String> texts = texts();
    for (int i = 0; i < texts.size(); i++) {
      float[] alone = clip.embedTexts(List.of(texts.get(i)))[0];
      assertClose(alone, normalizedReference(reference.get("text_embeds").get(i)));
    }
  }

  @Test
  void longTextIsTruncatedToContextLengthEndingWithEndOfText() {
    String longText = "a photo of a cat ".repeat(40);
    long[] ids = clip.tokenIds(List.of(longText)).get(0);
    assertThat(ids).hasSize(77);
    assertThat(ids[0]).isEqualTo(0);
    assertThat(ids[76]).isEqualTo(1);
    assertThat(clip.embedTexts(List.of(longText))[0]).hasSize(64);
  }

  @Test
  void zeroPixelValuesReproduceReferenceImageEmbedding() {
    float[] zeros = new float[3 * 224 * 224];
    float[] out = clip.embedPixelValues(zeros, 1)[0];
    assertClose(out, normalizedReference(reference.get("image_embeds").get(0)));
  }

  @Test
  void imagesAreBatchedAndSplitAndCounted() {
    ClipEmbedder small = Embedders.clip(clip.spec(), TestModels.config().withBatchSize(2));
    List<BufferedImage> images = List.of(solid(Color.RED, 50, 40), solid(Color.GREEN, 300, 200),
        gradient(64, 96), solid(Color.BLUE, 224, 224), gradient(500, 300));
    long before = small.invocations();
    float[][] batched = small.embedImages(images);
    assertThat(small.invocations() - before).isEqualTo(3);
    assertThat(batched.length).isEqualTo(5);
    for (int i = 0; i < images.size(); i++) {
      float[] alone = clip.embedImages(List.of(images.get(i)))[0];
      assertThat(alone).hasSize(64);
      assertThat(Vectors.cosine(alone, batched[i])).isGreaterThan(0.99999);
    }
    assertThat(Vectors.cosine(batched[0], batched[2])).isLessThan(0.9999);
  }

  @Test
  void encodedImagesDecodeToTheSameEmbedding() throws IOException {
    BufferedImage img = gradient(120, 80);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    float[] fromBytes = clip.embedImageBytes(List.of(png.toByteArray()))[0];
    float[] fromImage = clip.embedImages(List.of(img))[0];
    assertThat(fromBytes).containsExactly(fromImage);
    assertThatThrownBy(() -> clip.embedImageBytes(List.of(new byte[] {1, 2, 3})))
        .isInstanceOf(EmbedException.class).hasMessageContaining("ImageIO can decode")
        .hasMessageContaining("Image 0");
  }

  @Test
  void videoIsTheRenormalizedMeanOfItsKeyframes() {
    List<BufferedImage> v1 = List.of(solid(Color.RED, 64, 64), gradient(64, 64));
    List<BufferedImage> v2 = List.of(solid(Color.BLUE, 80, 60));
    long before = clip.invocations();
    float[][] videos = clip.embedVideos(List.of(v1, v2));
    assertThat(clip.invocations() - before).as("all keyframes in one batch").isEqualTo(1);
    float[][] frames = clip.embedImages(List.of(v1.get(0), v1.get(1), v2.get(0)));
    float[] mean = new float[64];
    for (int d = 0; d < 64; d++) {
      mean[d] = (frames[0][d] + frames[1][d]) / 2;
    }
    assertClose(videos[0], Vectors.normalize(mean));
    assertClose(videos[1], frames[2]);
    assertThatThrownBy(() -> clip.embedVideos(List.of(List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no keyframes");
  }

  @Test
  void textAndImageShareTheSpecOfTheDirectory() {
    assertThat(clip.model()).isEqualTo("tiny-clip");
    assertThat(clip.dim()).isEqualTo(64);
    assertThat(clip.spec().modality()).isEqualTo(ModelSpec.TEXT_IMAGE);
    assertThat(clip.spec().files()).containsKeys("text_model.onnx", "vision_model.onnx",
        "tokenizer.json", "config.json", "reference.json");
    assertThat(Embedders.clip(TestModels.config())).isSameAs(clip);
  }

  static BufferedImage solid(Color c, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  static BufferedImage gradient(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | ((x + y) % 256));
      }
    }
    return img;
  }
}
