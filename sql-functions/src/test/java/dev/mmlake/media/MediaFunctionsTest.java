package dev.mmlake.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.cas.ContentKey;
import dev.mmlake.cas.ContentStore;
import dev.mmlake.catalog.FailureEvent;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.catalog.StandaloneWrites;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.functions.FunctionCatalog;
import dev.mmlake.samples.SampleImages;
import dev.mmlake.samples.SampleMedia;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The media SQL functions, called as the engine will: inside a statement context. */
class MediaFunctionsTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;
  Lakehouse lakehouse;
  StatementContext statement;
  ContentStore cas;

  @BeforeEach
  void open() {
    lakehouse = Lakehouse.open(LakehouseConfig.embedded(dir.resolve("lake")));
    statement = StatementContext.standalone(lakehouse);
    statement.attach();
    cas = lakehouse.cas();
  }

  @AfterEach
  void close() {
    StatementContext.detach();
    lakehouse.close();
  }

  @Test
  void functionsAreRegisteredUnderTheirSqlNames() {
    assertThat(FunctionCatalog.scalars()).containsEntry("IMAGE_INFO", ImageInfoFunction.class)
        .containsEntry("VIDEO_INFO", VideoInfoFunction.class)
        .containsEntry("VIDEO_KEYFRAMES", VideoKeyframesFunction.class)
        .containsEntry("AUDIO_INFO", AudioInfoFunction.class)
        .containsEntry("AUDIO_SILENCE_RATIO", AudioSilenceRatioFunction.class)
        .containsEntry("TOKEN_COUNT", TokenCountFunction.class);
  }

  @Test
  void imageInfoReadsAStoredImageAndTurnsACorruptOneIntoNullAndAFailure() {
    byte[] jpeg = SampleImages.jpeg(SampleImages.scene(120, 90, 1), 0.9f);
    String uri = cas.put(jpeg).uri();
    assertThat(new ImageInfoFunction().eval(uri))
        .isEqualTo("{\"width\":120,\"height\":90,\"format\":\"jpeg\",\"channels\":3}");
    String bad = cas.put(new byte[] {9, 9, 9, 9}).uri();
    assertThat(new ImageInfoFunction().eval(bad)).isNull();
    assertThat(new ImageInfoFunction().eval(null)).isNull();
    FailureEvent e = statement.failures().events().get(0);
    assertThat(e.errorType()).isEqualTo("unsupported_image_format");
    assertThat(e.itemRef()).isEqualTo(bad);
    assertThat(e.stage()).isEqualTo("decode");
  }

  @Test
  void audioInfoAndSilenceRatio() throws Exception {
    Path voice = dir.resolve("v.flac");
    SampleMedia.flac(voice, SampleMedia.voice(1.25, 3));
    Path silent = dir.resolve("s.flac");
    SampleMedia.flac(silent, SampleMedia.silence(0.5, 3));
    String v = cas.putFile(voice).uri();
    JsonNode info = MAPPER.readTree(new AudioInfoFunction().eval(v));
    assertThat(info.path("duration").asDouble()).isEqualTo(1.25);
    assertThat(info.path("sample_rate").asInt()).isEqualTo(16000);
    assertThat(info.path("channels").asInt()).isEqualTo(1);
    assertThat(new AudioSilenceRatioFunction().eval(cas.putFile(silent).uri())).isEqualTo(1.0);
    assertThat(new AudioSilenceRatioFunction().eval(v)).isLessThan(0.5);
  }

  @Test
  void videoInfoAndKeyframesStoredAsJpegs() throws Exception {
    Path mp4 = dir.resolve("v.mp4");
    SampleMedia.mp4(mp4, 5, 20);
    String uri = cas.putFile(mp4).uri();
    JsonNode info = MAPPER.readTree(new VideoInfoFunction().eval(uri));
    assertThat(info.path("duration").asDouble()).isEqualTo(2.0);
    assertThat(info.path("fps").asDouble()).isEqualTo(10.0);
    assertThat(info.path("frames").asLong()).isEqualTo(20);
    assertThat(info.path("width").asInt()).isEqualTo(160);
    assertThat(info.path("height").asInt()).isEqualTo(120);
    long blobs = cas.count();
    JsonNode uris = MAPPER.readTree(new VideoKeyframesFunction().eval(uri, 4));
    assertThat(uris).hasSize(4);
    assertThat(cas.count()).isEqualTo(blobs + 4);
    for (JsonNode u : uris) {
      BufferedImage frame = ImageIO.read(new ByteArrayInputStream(cas.get(u.asText())));
      assertThat(frame.getWidth()).isEqualTo(160);
      assertThat(frame.getHeight()).isEqualTo(120);
    }
    assertThat(new VideoKeyframesFunction().eval(uri, 4)).isEqualTo(uris.toString());
    assertThat(cas.count()).isEqualTo(blobs + 4);

    // each frame is a lake.assets row of the video, once however often it is made
    ((StandaloneWrites) statement.writes()).commit();
    List<Record> assets = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(
        lakehouse.table(LakeTables.ASSETS)).build()) {
      rows.forEach(assets::add);
    }
    assets.sort(Comparator.comparing(r -> (Integer) r.getField("ordinal")));
    assertThat(assets).hasSize(4);
    for (int i = 0; i < 4; i++) {
      Record r = assets.get(i);
      assertThat(r.getField("kind")).isEqualTo("keyframe");
      assertThat(r.getField("parent_hash")).isEqualTo(ContentKey.digestOf(uri));
      assertThat(r.getField("asset_uri")).isEqualTo(uris.get(i).asText());
      assertThat(r.getField("asset_hash")).isEqualTo(ContentKey.digestOf(uris.get(i).asText()));
      assertThat(r.getField("transform")).isEqualTo("VIDEO_KEYFRAMES");
      assertThat(r.getField("config")).isEqualTo("{\"format\":\"jpeg\",\"n\":4}");
      assertThat(r.getField("run_id")).isEqualTo(statement.runId());
    }
  }

  @Test
  void truncatedVideoIsNullWithAFailure() throws Exception {
    Path mp4 = dir.resolve("v.mp4");
    SampleMedia.mp4(mp4, 6, 10);
    byte[] b = Files.readAllBytes(mp4);
    String uri = cas.put(Arrays.copyOf(b, b.length / 2)).uri();
    assertThat(new VideoInfoFunction().eval(uri)).isNull();
    assertThat(statement.failures().events()).extracting(FailureEvent::errorType)
        .containsExactly("corrupt_video");
  }

  @Test
  void tokenCountCountsWordPieces() {
    TokenCountFunction f = new TokenCountFunction();
    assertThat(f.eval("")).isZero();
    assertThat(f.eval("hello world")).isEqualTo(2);
    // a long text is not truncated at the model's 512-token window
    assertThat(f.eval("hello world ".repeat(600))).isEqualTo(1200);
    assertThat(f.eval(null)).isNull();
  }
}
