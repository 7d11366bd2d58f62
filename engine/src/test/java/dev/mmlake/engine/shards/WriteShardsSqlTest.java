package dev.mmlake.engine.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.cas.ContentRef;
import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.catalog.testing.CommitFaults;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.QueryRows;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.SqlStatementException;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.shards.ShardKey;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.RecipeRunner;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code WRITE_SHARDS} through SQL on a small dataset version: members per sample, the
 * {@code .json} lineage, {@code .npy} equal to the cached vector, {@code lake.shards} rows equal to
 * the files, failures, idempotence and clean-up of a failed statement.
 */
class WriteShardsSqlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CAPTIONED = "coco/val2017/000001.jpg"; // '/' and '.' in the id
  private static final String NON_ASCII = "..héllo wörld..";
  private static final String TEXT = "fineweb:doc-1";
  private static final String CORRUPT = "coco-corrupt";
  private static final String AUDIO = "librispeech-1";
  private static final String TEXT_BODY = "Photosynthesis turns light into sugar.";
  private static final float[] CAPTIONED_VECTOR = {0.5f, -0.25f, 0.125f, 1e-3f};
  private static final float[] TEXT_VECTOR = {1f, 2f, 3f, 4f};

  @TempDir Path dir;
  final CommitFaults faults = new CommitFaults();
  Engine engine;
  Session session;
  Map<String, ContentRef> blobs = new LinkedHashMap<>();

  @BeforeEach
  void open() throws Exception {
    Lakehouse lakehouse = Lakehouse.open(LakehouseConfig.embedded(dir.resolve("lakehouse")),
        faults);
    Engine.init(lakehouse);
    engine = Engine.of(lakehouse);
    session = engine.newSession("tester");
    var cas = lakehouse.cas();
    blobs.put(CAPTIONED, cas.put(bytes(3000, 1)));
    blobs.put(NON_ASCII, cas.put(bytes(700, 2)));
    blobs.put(TEXT, cas.put(TEXT_BODY.getBytes(StandardCharsets.UTF_8)));
    blobs.put(CORRUPT, cas.put(bytes(900, 3)));
    blobs.put(AUDIO, cas.put(bytes(1500, 4)));
    exec("INSERT INTO lake.items (id, source, source_id, modality, content_hash, content_uri, "
        + "mime, size_bytes, text, license, metadata) VALUES "
        + item(CAPTIONED, "coco", "1", "image", "image/jpeg", "a cat\na dog", "cc-by-4.0",
            "{\"captions\": [{\"id\": 1, \"caption\": \"a cat\"}, {\"id\": 2, \"caption\": "
                + "\"a dog\"}]}") + ", "
        + item(NON_ASCII, "coco", "2", "image", "image/png", null, "cc0-1.0", null) + ", "
        + item(TEXT, "fineweb", "doc-1", "text", "text/plain; charset=utf-8", TEXT_BODY,
            "odc-by-1.0", null) + ", "
        + item(CORRUPT, "coco", "3", "image", "image/jpeg", "broken", "cc-by-4.0", null) + ", "
        + item(AUDIO, "librispeech", "1", "audio", "audio/flac", "go do you hear", "cc-by-4.0",
            null));
    exec("INSERT INTO lake.quality (item_id, status, reason, score) VALUES ('" + CAPTIONED
        + "', 'pass', 'ok', 0.9)");
    exec("INSERT INTO lake.dedup (item_id, cluster_id, kept, \"method\") VALUES ('" + CAPTIONED
        + "', 'c1', TRUE, 'exact')");
    exec("INSERT INTO lake.models (name, version, engine, modality, dim, files) VALUES "
        + "('fake-clip', 'v1', 'OnnxRuntime', 'text+image', 4, '{}')");
    exec("INSERT INTO lake.embeddings (content_hash, model, model_version, dim, vector) VALUES "
        + "('" + blobs.get(CAPTIONED).hash() + "', 'fake-clip', 'v1', 4, "
        + array(CAPTIONED_VECTOR) + "), ('" + Sha256.hex(TEXT_BODY) + "', 'fake-clip', 'v1', 4, "
        + array(TEXT_VECTOR) + ")");
    new RecipeRunner(session).run(Recipe.parse("-- dataset: coco\n-- version: v001\n"
        + "-- parent: none\n-- description: all test items\nSELECT * FROM lake.items", null));
    // corrupt one blob after the version is built: its sample is skipped and reported
    Files.write(cas.pathOf(blobs.get(CORRUPT).hash()), bytes(900, 99));
  }

  @AfterEach
  void close() {
    session.close();
    engine.close();
  }

  @Test
  void writesMembersLineageAndVectorsAndRecordsEveryShard() throws Exception {
    Path out = dir.resolve("shards");
    List<List<Object>> result = rows(writeShards(out, "{\"max_samples\": 2, \"seed\": 7, "
        + "\"embeddings\": \"clip\"}"));
    long snapshot = (Long) scalar("SELECT snapshot_id FROM lake.versions WHERE name = 'coco@v001'");

    // 5 rows planned, 2 per shard: 3 shards; the corrupt blob is left out
    assertThat(result).hasSize(3);
    assertThat(files(out)).containsExactly("coco-v001-000000.tar", "coco-v001-000001.tar",
        "coco-v001-000002.tar", "coco-v001-index.json");
    Map<String, Map<String, byte[]>> samples = new LinkedHashMap<>();
    for (List<Object> row : result) {
      assertThat(row.get(0)).isEqualTo("coco@v001");
      assertThat(row.get(1)).isEqualTo(snapshot);
      Path file = out.resolve((String) row.get(2));
      byte[] tar = Files.readAllBytes(file);
      assertThat(row.get(3)).isEqualTo(file.toUri().toString());
      assertThat(row.get(5)).isEqualTo((long) tar.length);
      assertThat(row.get(6)).isEqualTo(Sha256.hex(tar));
      Map<String, Map<String, byte[]>> inShard = readTar(file);
      assertThat(row.get(4)).isEqualTo((long) inShard.size());
      samples.putAll(inShard);
    }
    assertThat(samples).hasSize(4).doesNotContainKey(ShardKey.of(CORRUPT));

    // the image with captions: blob, caption, vector, lineage
    Map<String, byte[]> captioned = samples.get(ShardKey.of(CAPTIONED));
    assertThat(captioned.keySet()).containsExactly("jpg", "txt", "npy", "json");
    assertThat(captioned.get("jpg")).isEqualTo(bytes(3000, 1));
    assertThat(new String(captioned.get("txt"), StandardCharsets.UTF_8)).isEqualTo("a cat\na dog");
    assertThat(npy(captioned.get("npy"))).containsExactly(CAPTIONED_VECTOR);
    JsonNode json = JSON.readTree(captioned.get("json"));
    assertThat(json.get("id").asText()).isEqualTo(CAPTIONED);
    assertThat(json.get("source").asText()).isEqualTo("coco");
    assertThat(json.get("source_id").asText()).isEqualTo("1");
    assertThat(json.get("license").asText()).isEqualTo("cc-by-4.0");
    assertThat(json.get("caption").asText()).isEqualTo("a cat\na dog");
    assertThat(json.get("captions").toString()).isEqualTo("[\"a cat\",\"a dog\"]");
    assertThat(json.get("version").asText()).isEqualTo("coco@v001");
    assertThat(json.get("snapshot_id").asLong()).isEqualTo(snapshot);
    assertThat(json.at("/quality/status").asText()).isEqualTo("pass");
    assertThat(json.at("/dedup/0/cluster_id").asText()).isEqualTo("c1");
    assertThat(json.get("embedding").asText()).isEqualTo("fake-clip@v1");

    // non-ASCII id: sanitized key, original id in .json, no cached vector -> no .npy
    Map<String, byte[]> png = samples.get(ShardKey.of(NON_ASCII));
    assertThat(ShardKey.of(NON_ASCII)).matches("[A-Za-z0-9_-]+");
    assertThat(png.keySet()).containsExactly("png", "json");
    assertThat(JSON.readTree(png.get("json")).get("id").asText()).isEqualTo(NON_ASCII);

    // a text item: its blob is the .txt; CLIP's text vector is keyed by sha256(text)
    Map<String, byte[]> text = samples.get(ShardKey.of(TEXT));
    assertThat(text.keySet()).containsExactly("txt", "npy", "json");
    assertThat(new String(text.get("txt"), StandardCharsets.UTF_8)).isEqualTo(TEXT_BODY);
    assertThat(npy(text.get("npy"))).containsExactly(TEXT_VECTOR);

    // audio: .flac plus its transcript
    assertThat(samples.get(ShardKey.of(AUDIO)).keySet()).containsExactly("flac", "txt", "json");

    // lake.shards holds the same rows; the corrupt blob is an obs.failures row
    assertThat(rows("SELECT * FROM lake.shards ORDER BY shard")).isEqualTo(result);
    assertThat(rows("SELECT stage, item_id, error_type FROM obs.failures WHERE stage = 'shards'"))
        .containsExactly(List.of("shards", CORRUPT, "corrupt_blob"));
    assertThat(scalar("SELECT \"value\" FROM obs.metrics WHERE stage = 'shards' AND metric = "
        + "'embeddings_missing'")).isEqualTo(3.0);
  }

  @Test
  void writingTheSameSetTwiceIsANoOpReturningTheExistingRows() {
    String options = "{\"max_samples\": 3, \"seed\": 1}";
    List<List<Object>> first = rows(writeShards(dir.resolve("a"), options));
    Path other = dir.resolve("b");
    // the latest version by plain table name is the same version: same set
    List<List<Object>> second = rows("SELECT * FROM TABLE(WRITE_SHARDS(CURSOR("
        + "SELECT * FROM datasets.coco), '" + other + "', '" + options + "')) ORDER BY shard");
    assertThat(second).isEqualTo(first);
    assertThat(other).doesNotExist();
    assertThat(scalar("SELECT COUNT(*) FROM lake.shards")).isEqualTo((long) first.size());
    // another seed is another set
    rows(writeShards(dir.resolve("c"), "{\"max_samples\": 3, \"seed\": 2}"));
    assertThat(scalar("SELECT COUNT(DISTINCT options_hash) FROM lake.shards")).isEqualTo(2L);
  }

  @Test
  void theThreadCountDoesNotChangeTheBytes() throws Exception {
    List<List<Object>> one = rows(writeShards(dir.resolve("t1"),
        "{\"max_samples\": 1, \"seed\": 5, \"threads\": 1}"));
    exec("DELETE FROM lake.shards WHERE version = 'coco@v001'");
    List<List<Object>> four = rows(writeShards(dir.resolve("t4"),
        "{\"max_samples\": 1, \"seed\": 5, \"threads\": 4}"));
    assertThat(four).hasSize(5);
    for (int i = 0; i < one.size(); i++) {
      assertThat(four.get(i).get(6)).isEqualTo(one.get(i).get(6));
      assertThat(Files.readAllBytes(dir.resolve("t4").resolve((String) four.get(i).get(2))))
          .isEqualTo(Files.readAllBytes(dir.resolve("t1").resolve((String) one.get(i).get(2))));
    }
  }

  @Test
  void aFailedStatementLeavesNoShardsAndNoRows() throws Exception {
    Path out = dir.resolve("failing");
    // the query above WRITE_SHARDS fails after the set was written
    assertThatThrownBy(() -> rows("SELECT shard FROM TABLE(WRITE_SHARDS(CURSOR("
        + "SELECT * FROM datasets.\"coco@v001\"), '" + out + "', '{}')) "
        + "WHERE 1 / (samples - samples) = 1"))
        .isInstanceOf(SqlStatementException.class);
    assertThat(files(out)).isEmpty();
    // the lake.shards commit fails
    faults.failBeforeCommit("lake.shards", 1000);
    assertThatThrownBy(() -> rows(writeShards(out, "{}")))
        .isInstanceOf(SqlStatementException.class);
    faults.clear();
    assertThat(files(out)).isEmpty();
    assertThat(scalar("SELECT COUNT(*) FROM lake.shards")).isEqualTo(0L);
    // and the same write then succeeds
    assertThat(rows(writeShards(out, "{}"))).hasSize(1);
    assertThat(files(out)).containsExactly("coco-v001-000000.tar", "coco-v001-index.json");
  }

  @Test
  void theVersionComesFromTheCursorOrTheOptions() {
    Path out = dir.resolve("v");
    assertThatThrownBy(() -> rows("SELECT * FROM TABLE(WRITE_SHARDS(CURSOR("
        + "SELECT * FROM lake.items), '" + out + "', '{}'))"))
        .isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("read one in the cursor");
    List<List<Object>> named = rows("SELECT * FROM TABLE(WRITE_SHARDS(CURSOR("
        + "SELECT * FROM lake.items), '" + out + "', '{\"version\": \"coco@v001\"}'))");
    assertThat(named.get(0).get(0)).isEqualTo("coco@v001");
    assertThatThrownBy(() -> rows("SELECT * FROM TABLE(WRITE_SHARDS(CURSOR("
        + "SELECT * FROM datasets.\"coco@v001\"), '" + out + "', '{\"version\": \"coco@v009\"}'))"))
        .isInstanceOf(SqlStatementException.class).hasMessageContaining("coco@v009");
    assertThatThrownBy(() -> rows(writeShards(out, "{\"max_sample\": 3}")))
        .isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("Unknown WRITE_SHARDS option 'max_sample'")
        .satisfies(e -> assertThat(((SqlStatementException) e).code())
            .isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  private static String writeShards(Path out, String options) {
    return "SELECT * FROM TABLE(WRITE_SHARDS(CURSOR(SELECT * FROM datasets.\"coco@v001\"), '"
        + out + "', '" + options + "')) ORDER BY shard";
  }

  private String item(String id, String source, String sourceId, String modality, String mime,
      String text, String license, String metadata) {
    ContentRef blob = blobs.get(id);
    return "(" + q(id) + ", " + q(source) + ", " + q(sourceId) + ", " + q(modality) + ", "
        + q(blob.hash()) + ", " + q(blob.uri()) + ", " + q(mime) + ", " + blob.size() + ", "
        + q(text) + ", " + q(license) + ", " + q(metadata) + ")";
  }

  private static String q(String s) {
    return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
  }

  private static String array(float[] v) {
    StringBuilder b = new StringBuilder("ARRAY[");
    for (int i = 0; i < v.length; i++) {
      b.append(i == 0 ? "" : ", ").append("CAST(").append(v[i]).append(" AS REAL)");
    }
    return b.append("]").toString();
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Members of a tar by sample key, then extension, in file order. */
  static Map<String, Map<String, byte[]>> readTar(Path file) throws Exception {
    Map<String, Map<String, byte[]>> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file);
         TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      String previous = null;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName();
        int dot = name.indexOf('.');
        String key = name.substring(0, dot);
        if (!key.equals(previous)) {
          assertThat(out).as("members of a sample are consecutive").doesNotContainKey(key);
        }
        previous = key;
        out.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(name.substring(dot + 1),
            tar.readAllBytes());
      }
    }
    return out;
  }

  /** The values of a float32 .npy v1.0 file, checking its header. */
  static float[] npy(byte[] b) {
    assertThat(new String(b, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
    assertThat(b[6]).isEqualTo((byte) 1);
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen = buf.getShort(8) & 0xffff;
    String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
    assertThat(header).contains("'descr': '<f4'");
    int start = 10 + headerLen;
    assertThat(start % 64).isZero();
    float[] v = new float[(b.length - start) / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = buf.getFloat(start + 4 * i);
    }
    return v;
  }

  static List<String> files(Path folder) throws Exception {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  void exec(String sql) {
    session.execute(sql).close();
  }
  List<List<Object>> rows(String sql) {
    return QueryRows.of(session, sql);
  }

  Object scalar(String sql) {
    return rows(sql).get(0).get(0);
  }
}
