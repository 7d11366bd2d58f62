package dev.mmlake.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.cas.ContentStore;
import dev.mmlake.catalog.FailureEvent;
import dev.mmlake.catalog.FailureLog;
import dev.mmlake.media.MediaLimits;
import dev.mmlake.samples.SampleCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingests the generated sample corpus with all five connectors once, then checks rows, failures,
 * duplicates and idempotence against the corpus manifest and the files on disk.
 */
class SampleIngestTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String[] SOURCES = {"fineweb_edu", "coco", "librispeech", "msrvtt", "finevideo"};

  @TempDir static Path tmp;
  static Path corpus;
  static JsonNode manifest;
  static ContentStore cas;
  static IngestContext ctx;
  static final Map<String, List<ItemRow>> ROWS = new HashMap<>();
  static final List<long[]> PROGRESS = new ArrayList<>();

  @BeforeAll
  static void ingestAll() throws IOException {
    corpus = tmp.resolve("corpus");
    SampleCorpus.generate(corpus);
    manifest = MAPPER.readTree(corpus.resolve(SampleCorpus.MANIFEST).toFile());
    cas = new ContentStore(tmp.resolve("cas"));
    ctx = new IngestContext(cas, Licenses.load(), new FailureLog(),
        (stage, done, total, failures, bytes) -> PROGRESS.add(new long[] {done, total}),
        MediaLimits.DEFAULTS);
    for (String source : SOURCES) {
      List<ItemRow> rows = new ArrayList<>();
      connector(source).read(ctx, rows::add);
      ROWS.put(source, rows);
    }
  }

  static SourceConnector connector(String source) {
    JsonNode s = manifest.path("sources").path(source);
    List<String> args = StreamSupport.stream(s.path("args").spliterator(), false)
        .map(a -> corpus.resolve(a.asText()).toString()).toList();
    return Connectors.create(s.path("connector").asText(), args);
  }

  static ItemRow row(String source, String sourceId) {
    return ROWS.get(source).stream().filter(r -> r.sourceId().equals(sourceId)).findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + source + ":" + sourceId));
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** The columns every row shares, checked against independently computed values. */
  static void assertCommonColumns(ItemRow r, String source, String sourceId, String modality,
      byte[] content, String connector) throws Exception {
    assertThat(r.id()).isEqualTo(sha256((source + ":" + sourceId).getBytes("UTF-8")));
    assertThat(r.source()).isEqualTo(source);
    assertThat(r.sourceId()).isEqualTo(sourceId);
    assertThat(r.modality()).isEqualTo(modality);
    assertThat(r.contentHash()).isEqualTo(sha256(content));
    assertThat(r.contentUri()).isEqualTo("cas://sha256/" + sha256(content));
    assertThat(cas.get(r.contentUri())).isEqualTo(content);
    assertThat(r.sizeBytes()).isEqualTo(content.length);
    assertThat(r.license()).isNotBlank();
    assertThat(Licenses.load().find(r.license())).as("a listed license id").isPresent();
    assertThat(r.licenseTerms()).isNotBlank();
    assertThat(r.sourceFile()).isNotBlank();
    assertThat(r.connector()).isEqualTo(connector);
    assertThat(r.connectorVersion()).isEqualTo("1.0.0");
    assertThat(r.ingestedAt()).isEqualTo(ctx.ingestedAt());
    assertThat(r.values()).hasSize(17).containsExactly(r.id(), r.source(), r.sourceId(),
        r.modality(), r.contentHash(), r.contentUri(), r.mime(), r.sizeBytes(), r.text(),
        r.license(), r.connector(), r.connectorVersion(), r.ingestedAt(), r.metadata(),
        r.licenseTerms(), r.sourceFile(), r.runId());
  }

  @Test
  void mediaCasesIngestOrFailAsTheManifestStates() {
    JsonNode mc = manifest.path("media_cases");
    List<String> args = StreamSupport.stream(mc.path("args").spliterator(), false)
        .map(a -> corpus.resolve(a.asText()).toString()).toList();
    IngestContext own = new IngestContext(cas, Licenses.load(), new FailureLog(),
        (stage, done, total, failures, bytes) -> { }, MediaLimits.DEFAULTS);
    List<ItemRow> rows = new ArrayList<>();
    Connectors.create(mc.path("connector").asText(), args).read(own, rows::add);
    assertThat(rows).hasSize(mc.path("expected_rows").asInt());
    assertThat(own.failures().events()).hasSize(mc.path("expected_failures").asInt());
    assertThat(mc.path("cases")).hasSize(mc.path("items").asInt());
    for (JsonNode c : mc.path("cases")) {
      String id = c.path("source_id").asText();
      String what = c.path("case").asText();
      if (c.path("expected").asText().equals("row")) {
        ItemRow r = rows.stream().filter(x -> x.sourceId().equals(id)).findFirst()
            .orElseThrow(() -> new AssertionError("no row for media case " + what));
        JsonNode media = readTree(r.metadata()).path("media");
        assertThat(r.mime()).as(what).isEqualTo("image/" + c.path("format").asText());
        assertThat(media.path("width").asInt()).as(what).isEqualTo(c.path("width").asInt());
        assertThat(media.path("height").asInt()).as(what).isEqualTo(c.path("height").asInt());
        assertThat(media.path("channels").asInt()).as(what).isEqualTo(c.path("channels").asInt());
      } else {
        FailureEvent e = own.failures().events().stream()
            .filter(x -> ItemRow.idOf("coco", id).equals(x.itemId())).findFirst()
            .orElseThrow(() -> new AssertionError("no failure for media case " + what));
        assertThat(e.errorType()).as(what).isEqualTo(c.path("error_type").asText());
        assertThat(e.itemRef()).as(what).endsWith(c.path("file").asText());
        assertThat(rows).noneMatch(x -> x.sourceId().equals(id));
      }
    }
  }

  static JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void rowAndFailureCountsMatchTheManifest() {
    for (String source : SOURCES) {
      JsonNode s = manifest.path("sources").path(source);
      long failures = ctx.failures().events().stream()
          .filter(e -> e.source().equals(source)).count();
      assertThat(ROWS.get(source)).as(source).hasSize(s.path("expected_rows").asInt());
      assertThat(failures).as(source).isEqualTo(s.path("expected_failures").asInt());
    }
    assertThat(PROGRESS).isNotEmpty();
    long[] last = PROGRESS.get(PROGRESS.size() - 1);
    assertThat(last[0]).isEqualTo(last[1]);
  }

  @Test
  void everyPlantedDefectIsAFailureWithItsErrorTypeAndNeverARow() {
    Map<String, FailureEvent> byItem = ctx.failures().events().stream()
        .filter(e -> e.itemId() != null)
        .collect(Collectors.toMap(FailureEvent::itemId, e -> e));
    assertThat(manifest.path("defects")).hasSizeGreaterThanOrEqualTo(5);
    for (JsonNode d : manifest.path("defects")) {
      String source = d.path("source").asText();
      String sourceId = d.path("source_id").asText();
      FailureEvent e = byItem.get(ItemRow.idOf(source, sourceId));
      assertThat(e).as("failure for %s:%s", source, sourceId).isNotNull();
      assertThat(e.errorType()).as(d.path("what").asText()).isEqualTo(d.path("error_type").asText());
      assertThat(e.stage()).isEqualTo("ingest");
      assertThat(e.itemRef()).isNotBlank();
      assertThat(e.retryable()).isFalse();
      assertThat(ROWS.get(source)).noneMatch(r -> r.sourceId().equals(sourceId));
    }
    assertThat(ctx.failures().events()).extracting(FailureEvent::errorType)
        .contains("corrupt_jpeg", "truncated_audio", "no_video_stream", "invalid_utf8",
            "missing_file");
  }

  @Test
  void exactDuplicatesShareOneBlobAndNearDuplicatesDoNot() {
    assertThat(manifest.path("exact_duplicates")).hasSizeGreaterThanOrEqualTo(4);
    boolean crossSource = false;
    for (JsonNode group : manifest.path("exact_duplicates")) {
      List<ItemRow> members = new ArrayList<>();
      group.path("members").forEach(m -> members.add(
          row(m.path("source").asText(), m.path("source_id").asText())));
      assertThat(members).extracting(ItemRow::contentUri).hasSizeGreaterThan(1)
          .containsOnly(members.get(0).contentUri());
      assertThat(members).extracting(ItemRow::id).doesNotHaveDuplicates();
      crossSource |= members.stream().map(ItemRow::source).distinct().count() > 1;
    }
    assertThat(crossSource).isTrue();
    for (JsonNode group : manifest.path("near_duplicates")) {
      List<String> hashes = new ArrayList<>();
      group.path("members").forEach(m -> hashes.add(
          row(m.path("source").asText(), m.path("source_id").asText()).contentHash()));
      assertThat(hashes).hasSizeGreaterThan(2).doesNotHaveDuplicates();
    }
    long distinct = ROWS.values().stream().flatMap(List::stream).map(ItemRow::contentHash)
        .distinct().count();
    assertThat(cas.count()).isEqualTo(distinct);
  }

  @Test
  void rereadingYieldsIdenticalIdsAndStoresNoNewBlob() {
    long blobs = cas.count();
    for (String source : SOURCES) {
      List<ItemRow> again = new ArrayList<>();
      FailureLog failures = new FailureLog();
      IngestContext second = new IngestContext(cas, Licenses.load(), failures, null,
          MediaLimits.DEFAULTS);
      connector(source).read(second, again::add);
      assertThat(again).extracting(ItemRow::id)
          .containsExactlyElementsOf(ROWS.get(source).stream().map(ItemRow::id).toList());
      assertThat(again).extracting(ItemRow::contentHash).containsExactlyElementsOf(
          ROWS.get(source).stream().map(ItemRow::contentHash).toList());
      assertThat(failures.size()).isEqualTo(
          manifest.path("sources").path(source).path("expected_failures").asInt());
    }
    assertThat(cas.count()).isEqualTo(blobs);
  }

  @Test
  void emptyAndNonAsciiTextsSurviveIngest() {
    for (JsonNode e : manifest.path("empty_texts")) {
      ItemRow r = row(e.path("source").asText(), e.path("source_id").asText());
      assertThat(r.text()).isBlank();
    }
    assertThat(manifest.path("non_ascii_texts")).isNotEmpty();
    for (JsonNode e : manifest.path("non_ascii_texts")) {
      ItemRow r = row(e.path("source").asText(), e.path("source_id").asText());
      assertThat(r.text()).matches("(?s).*[^\\x00-\\x7F].*");
    }
    assertThat(ROWS.get("coco")).anyMatch(r -> r.text().contains("Ein Café in München — 東京"));
  }

  @Test
  void fineWebRowHasEveryColumn() throws Exception {
    String id = manifest.path("non_ascii_texts").get(0).path("source_id").asText();
    ItemRow r = row("fineweb_edu", id);
    assertThat(r.text()).startsWith("Ein Café in München — 東京の教室で学ぶ光合成。");
    assertCommonColumns(r, "fineweb_edu", id, "text", r.text().getBytes("UTF-8"), "read_fineweb");
    assertThat(r.mime()).isEqualTo("text/plain; charset=utf-8");
    JsonNode m = MAPPER.readTree(r.metadata());
    assertThat(m.path("dump").asText()).isEqualTo("CC-MAIN-2024-10");
    assertThat(m.path("url").asText()).isEqualTo("https://learn.example.org/lessons/30");
    assertThat(m.path("language").asText()).isEqualTo("en");
    assertThat(m.path("language_score").asDouble()).isBetween(0.9, 1.0);
    assertThat(m.path("int_score").asLong()).isEqualTo(Math.round(m.path("score").asDouble()));
    assertThat(m.path("token_count").isIntegralNumber()).isTrue();
    assertThat(m.path("file_path").asText()).startsWith("s3://commoncrawl/");
    assertThat(m.path("parquet_file").asText()).isEqualTo("000_00000.parquet");
    assertThat(m.path("row").asInt()).isEqualTo(30);
  }

  @Test
  void cocoRowHasEveryColumn() throws Exception {
    Path file = corpus.resolve("coco/val2017/000000000139.jpg");
    ItemRow r = row("coco", "139");
    assertCommonColumns(r, "coco", "139", "image", read(file), "read_coco");
    assertThat(r.mime()).isEqualTo("image/jpeg");
    JsonNode json = MAPPER.readTree(corpus.resolve("coco/annotations/captions_val2017.json")
        .toFile());
    List<String> captions = new ArrayList<>();
    json.path("annotations").forEach(a -> {
      if (a.path("image_id").asLong() == 139) {
        captions.add(a.path("caption").asText());
      }
    });
    assertThat(captions).hasSize(5);
    assertThat(r.text()).isEqualTo(String.join("\n", captions));
    JsonNode m = MAPPER.readTree(r.metadata());
    assertThat(m.path("file_name").asText()).isEqualTo("000000000139.jpg");
    assertThat(m.path("width").asInt()).isEqualTo(320);
    assertThat(m.path("height").asInt()).isEqualTo(240);
    assertThat(m.path("media").path("width").asInt()).isEqualTo(320);
    assertThat(m.path("media").path("format").asText()).isEqualTo("jpeg");
    assertThat(m.path("captions")).hasSize(5);
    assertThat(m.path("captions").get(0).path("caption").asText()).isEqualTo(captions.get(0));
    assertThat(m.path("image_license").asText()).contains("Attribution");
    assertThat(m.path("coco_url").asText()).endsWith("000000000139.jpg");
  }

  @Test
  void libriSpeechRowHasEveryColumn() throws Exception {
    Path chapter = corpus.resolve("librispeech/LibriSpeech/dev-clean/84/121123");
    ItemRow r = row("librispeech", "84-121123-0000");
    assertCommonColumns(r, "librispeech", "84-121123-0000", "audio",
        read(chapter.resolve("84-121123-0000.flac")), "read_librispeech");
    assertThat(r.mime()).isEqualTo("audio/flac");
    String line = Files.readAllLines(chapter.resolve("84-121123.trans.txt")).get(0);
    assertThat(r.text()).isEqualTo(line.substring("84-121123-0000 ".length())).isNotBlank();
    JsonNode m = MAPPER.readTree(r.metadata());
    assertThat(m.path("speaker").asText()).isEqualTo("84");
    assertThat(m.path("chapter").asText()).isEqualTo("121123");
    assertThat(m.path("utterance").asText()).isEqualTo("0000");
    assertThat(m.path("media").path("sample_rate").asInt()).isEqualTo(16000);
    assertThat(m.path("media").path("channels").asInt()).isEqualTo(1);
    assertThat(m.path("media").path("duration").asDouble()).isBetween(1.0, 2.0);
    assertThat(m.path("media").path("codec").asText()).isEqualTo("flac");
  }

  @Test
  void msrVttRowHasEveryColumn() throws Exception {
    ItemRow r = row("msrvtt", "video0");
    assertCommonColumns(r, "msrvtt", "video0", "video",
        read(corpus.resolve("msrvtt/TrainValVideo/video0.mp4")), "read_msrvtt");
    assertThat(r.mime()).isEqualTo("video/mp4");
    JsonNode json = MAPPER.readTree(corpus.resolve("msrvtt/train_val_videodatainfo.json")
        .toFile());
    List<String> captions = new ArrayList<>();
    json.path("sentences").forEach(s -> {
      if (s.path("video_id").asText().equals("video0")) {
        captions.add(s.path("caption").asText());
      }
    });
    assertThat(r.text()).isEqualTo(String.join("\n", captions));
    JsonNode v = json.path("videos").get(0);
    JsonNode m = MAPPER.readTree(r.metadata());
    assertThat(m.path("url").asText()).isEqualTo(v.path("url").asText());
    assertThat(m.path("start_time").asDouble()).isEqualTo(v.path("start time").asDouble());
    assertThat(m.path("end_time").asDouble()).isEqualTo(v.path("end time").asDouble());
    assertThat(m.path("category").asInt()).isEqualTo(v.path("category").asInt());
    assertThat(m.path("captions")).hasSize(3);
    JsonNode media = m.path("media");
    assertThat(media.path("width").asInt()).isEqualTo(160);
    assertThat(media.path("height").asInt()).isEqualTo(120);
    assertThat(media.path("frames").asLong()).isEqualTo(20);
    assertThat(media.path("fps").asDouble()).isEqualTo(10.0);
    assertThat(media.path("duration").asDouble()).isCloseTo(2.0, Offset.offset(0.05));
  }

  @Test
  void fineVideoRowHasEveryColumn() throws Exception {
    ItemRow r = row("finevideo", "sample_000000");
    assertCommonColumns(r, "finevideo", "sample_000000", "video",
        read(corpus.resolve("finevideo/videos/sample_000000.mp4")), "read_finevideo");
    assertThat(r.mime()).isEqualTo("video/mp4");
    JsonNode meta = MAPPER.readTree(corpus.resolve("finevideo/metadata/sample_000000.json")
        .toFile());
    assertThat(r.text()).isEqualTo(meta.path("content_metadata").path("description").asText());
    JsonNode m = MAPPER.readTree(r.metadata());
    assertThat(m.path("youtube_title").asText()).isEqualTo(meta.path("youtube_title").asText());
    assertThat(m.path("content_fine_category").asText())
        .isEqualTo(meta.path("content_fine_category").asText());
    assertThat(m.path("media").path("frames").asLong()).isEqualTo(20);
  }

  static Path corpus() {
    return corpus;
  }

  static byte[] read(Path p) throws IOException {
    return Files.readAllBytes(p);
  }
}
