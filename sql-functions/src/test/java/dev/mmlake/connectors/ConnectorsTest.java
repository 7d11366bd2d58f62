package dev.mmlake.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.cas.ContentStore;
import dev.mmlake.catalog.FailureLog;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.media.MediaLimits;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorsTest {
  @TempDir Path dir;

  @Test
  void registryCreatesEachSqlNameWithItsArity() {
    assertThat(Connectors.specs().keySet()).containsExactly("read_fineweb", "read_coco",
        "read_librispeech", "read_msrvtt", "read_finevideo");
    assertThat(Connectors.create("READ_COCO", List.of("/a.json", "/imgs")))
        .isEqualTo(new CocoConnector(Path.of("/a.json"), Path.of("/imgs")));
    assertThat(Connectors.create("read_fineweb", List.of("/x")))
        .isEqualTo(new FineWebConnector(Path.of("/x")));
    assertThat(Connectors.create("read_librispeech", List.of("/x")))
        .isInstanceOf(LibriSpeechConnector.class);
    assertThat(Connectors.create("read_msrvtt", List.of("/a", "/b")))
        .isInstanceOf(MsrVttConnector.class);
    assertThat(Connectors.create("read_finevideo", List.of("/x")))
        .isInstanceOf(FineVideoConnector.class);
    assertThat(Connectors.specs().values()).extracting(ConnectorSpec::source).containsExactly(
        "fineweb_edu", "coco", "librispeech", "msrvtt", "finevideo");
    assertThatThrownBy(() -> Connectors.create("read_coco", List.of("/only-one")))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("read_coco(captions_json, images_dir)");
    assertThatThrownBy(() -> Connectors.create("read_nothing", List.of()))
        .isInstanceOf(ConnectorException.class).hasMessageContaining("read_fineweb");
  }

  @Test
  void everyRegisteredSourceHasALicenseRow() {
    Licenses licenses = Licenses.load();
    assertThat(Connectors.specs().values()).extracting(ConnectorSpec::source)
        .allSatisfy(source -> assertThat(licenses.forSource(source)).isPresent());
  }

  @Test
  void unreadableSourceEndsTheReadWithAClearError() throws Exception {
    IngestContext ctx = context();
    assertThatThrownBy(() -> new CocoConnector(dir.resolve("none.json"), dir).read(ctx, r -> { }))
        .isInstanceOf(ConnectorException.class).hasMessageContaining("does not exist");
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"images\": [1, 2");
    assertThatThrownBy(() -> new MsrVttConnector(bad, dir).read(ctx, r -> { }))
        .isInstanceOf(ConnectorException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> new FineWebConnector(dir.resolve("nope")).read(ctx, r -> { }))
        .isInstanceOf(ConnectorException.class);
    assertThatThrownBy(() -> new FineVideoConnector(dir).read(ctx, r -> { }))
        .isInstanceOf(ConnectorException.class).hasMessageContaining("metadata/");
  }

  @Test
  void parquetWithoutFineWebColumnsIsRejected() throws Exception {
    MessageType schema = MessageTypeParser
        .parseMessageType("message m { optional binary body (STRING); }");
    try (var w = ExampleParquetWriter.builder(
        new LocalOutputFile(dir.resolve("other.parquet")))
        .withType(schema).build()) {
      w.write(new SimpleGroupFactory(schema).newGroup()
          .append("body", "hello"));
    }
    assertThatThrownBy(() -> new FineWebConnector(dir).read(context(), r -> { }))
        .isInstanceOf(ConnectorException.class).hasMessageContaining("not FineWeb-Edu")
        .hasMessageContaining("[body]");
  }

  @Test
  void malformedTranscriptLineIsAFailureAndTheReadGoesOn() throws Exception {
    Path chapter = Files.createDirectories(dir.resolve("1/2"));
    Files.writeString(chapter.resolve("1-2.trans.txt"), "not-an-id HELLO\n1-2-0000 WORLD\n");
    IngestContext ctx = context();
    List<ItemRow> rows = new ArrayList<>();
    new LibriSpeechConnector(dir).read(ctx, rows::add);
    assertThat(rows).isEmpty();
    assertThat(ctx.failures().events()).extracting(e -> e.errorType())
        .containsExactly("invalid_record", "missing_file");
  }

  @Test
  void licensesComeFromTheCsvTables() throws Exception {
    Licenses l = Licenses.load();
    assertThat(l.sources()).extracting(Licenses.SourceLicense::source)
        .containsExactly("fineweb_edu", "coco", "librispeech", "msrvtt", "finevideo");
    assertThat(l.license("fineweb_edu")).isEqualTo("ODC-By-1.0");
    assertThat(l.forSource("fineweb_edu").orElseThrow().terms())
        .contains("Common Crawl terms of use");
    assertThat(l.license("finevideo")).isEqualTo("CC-BY-4.0");
    assertThat(l.classOf("odc-by-1.0")).isEqualTo(LicenseClass.ATTRIBUTION);
    assertThat(l.classOf(l.license("msrvtt"))).isEqualTo(LicenseClass.RESEARCH_ONLY);
    assertThat(l.classOf("LicenseRef-Nobody-Knows")).isEqualTo(LicenseClass.UNKNOWN);
    assertThat(l.license("unknown_source")).isNull();
    // COCO's image license URLs map to SPDX ids
    assertThat(l.idForUrl("http://creativecommons.org/licenses/by-nc-sa/2.0/"))
        .isEqualTo("CC-BY-NC-SA-2.0");
    assertThat(l.idForUrl("http://creativecommons.org/licenses/by/2.0/")).isEqualTo("CC-BY-2.0");
    assertThat(l.idForUrl("http://flickr.com/commons/usage/"))
        .isEqualTo("LicenseRef-Flickr-No-Known-Copyright-Restrictions");
    // the free text of older lakehouses
    assertThat(l.idForText("ODC-By-1.0 (subject to Common Crawl terms of use)"))
        .isEqualTo("ODC-By-1.0");
    assertThat(l.idForText("cc-by-4.0")).isEqualTo("CC-BY-4.0");
    assertThat(l.idForText("Microsoft research-use terms; videos from YouTube"))
        .isEqualTo("LicenseRef-MSR-VTT-Research");
    assertThat(l.idForText("some other words")).isNull();
    String licenses = "license_id,class,name,url\nX-1,permissive,X,\n";
    assertThatThrownBy(() -> Licenses.parse(new StringReader("a,b\n"), "l.csv",
        new StringReader("source,license_id,license_terms\n"), "s.csv"))
        .hasMessageContaining("header");
    assertThatThrownBy(() -> Licenses.parse(new StringReader(
        "license_id,class,name,url\nX-1,maybe,X,\n"), "l.csv",
        new StringReader("source,license_id,license_terms\n"), "s.csv"))
        .hasMessageContaining("l.csv line 2").hasMessageContaining("maybe");
    assertThatThrownBy(() -> Licenses.parse(new StringReader(licenses), "l.csv",
        new StringReader("source,license_id,license_terms\nsrc,Y-2,terms\n"), "s.csv"))
        .hasMessageContaining("s.csv line 2").hasMessageContaining("Y-2");
  }

  @Test
  void seedFillsTheLicensesTableOnce() throws Exception {
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(dir))) {
      lh.init();
      assertThat(Licenses.seed(lh)).isEqualTo(Licenses.load().all().size());
      assertThat(Licenses.seed(lh)).isZero();
      Map<String, String> classes = new HashMap<>();
      try (CloseableIterable<Record> rows = IcebergGenerics.read(lh.table(LakeTables.LICENSES))
          .build()) {
        rows.forEach(r -> classes.put((String) r.getField("license_id"),
            (String) r.getField("class")));
      }
      assertThat(classes).hasSize(Licenses.load().all().size())
          .containsEntry("CC-BY-4.0", "attribution").containsEntry("CC0-1.0", "permissive")
          .containsEntry("CC-BY-NC-SA-2.0", "non-commercial");
    }
  }

  @Test
  void itemRowConvertsToAnItemsRecord() {
    ItemRow row = new ItemRow(ItemRow.idOf("s", "1"), "s", "1", "text", null, null, null, 3L,
        "abc", null, "read_x", "1.0.0", Instant.parse("2024-01-02T03:04:05Z"), "{}", null,
        "/data/x.txt", "run-1");
    Record r = row.toRecord();
    assertThat(r.getField("source_id")).isEqualTo("1");
    assertThat(r.getField("ingested_at").toString()).isEqualTo("2024-01-02T03:04:05Z");
    assertThat(r.struct()).isEqualTo(LakeTables.ITEMS_SCHEMA.asStruct());
  }

  private IngestContext context() {
    return new IngestContext(new ContentStore(dir.resolve("cas")), Licenses.load(),
        new FailureLog(), null, MediaLimits.DEFAULTS);
  }
}
