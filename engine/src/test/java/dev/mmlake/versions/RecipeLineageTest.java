package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.sun.net.httpserver.HttpServer;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenLineage RunEvents of recipe runs and statements: START and COMPLETE (or FAIL) reach an HTTP
 * sink, every event validates against the OpenLineage 2-0-2 JSON schema, statements of a recipe
 * name it as their parent run, and a sink that is down fails nothing.
 */
class RecipeLineageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchema SCHEMA = schema();

  @TempDir Path dir;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private HttpServer sink;

  @BeforeEach
  void startSink() throws IOException {
    sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext("/api/v1/lineage", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        received.add(JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }
      exchange.sendResponseHeaders(201, -1);
      exchange.close();
    });
    sink.start();
  }

  @AfterEach
  void stopSink() {
    sink.stop(0);
  }

  private static JsonSchema schema() {
    try (InputStream in = RecipeLineageTest.class.getResourceAsStream(
        "/openlineage/OpenLineage-2-0-2.json")) {
      SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
          .formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Engine engine(String url) {
    LakehouseConfig config = LakehouseConfig.embedded(dir.resolve("lakehouse"))
        .with("lineage.url", url).with("lineage.backoff-ms", "10")
        .with("lineage.timeout-ms", "2000");
    return Engine.open(config);
  }

  private String sinkUrl() {
    return "http://127.0.0.1:" + sink.getAddress().getPort() + "/api/v1/lineage";
  }

  @Test
  void recipeRunSendsStartAndCompleteThatValidate() throws Exception {
    try (Engine engine = engine(sinkUrl()); Session session = engine.newSession("tester")) {
      VersionsTestBase.addItems(session, "coco,1,image,cc-by-4.0,100",
          "coco,2,image,cc0-1.0,200", "web,3,text,odc-by-1.0,50");
      Path file = dir.resolve("coco-v001.sql");
      Files.writeString(file, VersionsTestBase.header("coco", "v001", "none", "")
          + "SELECT * FROM lake.items WHERE modality = 'image';\n");
      VersionRecord v = new RecipeRunner(session).run(Recipe.read(file));

      JsonNode complete = await(e -> "COMPLETE".equals(e.path("eventType").asText())
          && "recipe:coco@v001".equals(e.at("/job/name").asText()));
      String runId = complete.at("/run/runId").asText();
      JsonNode start = await(e -> "START".equals(e.path("eventType").asText())
          && runId.equals(e.at("/run/runId").asText()));
      assertThat(start.at("/job/namespace").asText()).isEqualTo("mmlake://lakehouse");
      assertThat(start.at("/inputs/0/name").asText()).isEqualTo("lake.items");
      JsonNode out = complete.get("outputs").get(0);
      assertThat(out.get("name").asText()).isEqualTo("datasets.coco");
      assertThat(out.at("/facets/version/datasetVersion").asText())
          .isEqualTo(String.valueOf(v.snapshotId()));
      assertThat(out.at("/facets/mmlake_snapshot/rowCount").asLong()).isEqualTo(2);
      assertThat(out.at("/facets/schema/fields").findValuesAsText("name")).contains("id",
          "modality");
      assertThat(out.at("/outputFacets/outputStatistics/rowCount").asLong()).isEqualTo(2);
      JsonNode run = complete.at("/run/facets/mmlake_run");
      assertThat(run.at("/codeVersion/version").asText()).isNotBlank();
      assertThat(run.get("configHash").asText()).hasSize(64);
      assertThat(run.get("rowsWritten").asLong()).isEqualTo(2);
      assertThat(complete.at("/run/facets/mmlake_cost/cpuSeconds").asDouble()).isPositive();
      // the recipe's statements are children of its run
      await(e -> runId.equals(e.at("/run/facets/parent/run/runId").asText())
          && "COMPLETE".equals(e.path("eventType").asText()));
      // the manifest says what the version cost
      JsonNode manifest = Manifest.parse(v.manifest());
      assertThat(manifest.at("/cost/cpu_seconds").asDouble()).isPositive();
      assertThat(manifest.at("/cost/currency").asText()).isEqualTo("USD");

      // stored too, one row per event
      engine.flushRunLog();
      try (var r = session.execute("SELECT event_type FROM obs.lineage_events WHERE run_id = '"
          + runId + "' ORDER BY event_time")) {
        List<List<Object>> rows = VersionsTestBase.drain(r.resultSet());
        assertThat(rows).extracting(row -> row.get(0)).containsExactly("START", "COMPLETE");
      }
    }
    assertThat(received).isNotEmpty().allSatisfy(RecipeLineageTest::assertValid);
  }

  @Test
  void failingRecipeSendsFail() throws Exception {
    try (Engine engine = engine(sinkUrl()); Session session = engine.newSession("tester")) {
      Path file = dir.resolve("bad-v001.sql");
      Files.writeString(file, VersionsTestBase.header("bad", "v001", "none", "")
          + "SELECT * FROM lake.no_such_table;\n");
      assertThatThrownBy(() -> new RecipeRunner(session).run(Recipe.read(file)))
          .hasMessageContaining("no_such_table");
      JsonNode fail = await(e -> "FAIL".equals(e.path("eventType").asText())
          && "recipe:bad@v001".equals(e.at("/job/name").asText()));
      assertThat(fail.at("/run/facets/errorMessage/message").asText())
          .contains("no_such_table");
      assertThat(fail.at("/run/facets/mmlake_run/status").asText()).isEqualTo("error");
    }
    assertThat(received).allSatisfy(RecipeLineageTest::assertValid);
  }

  @Test
  void statementSucceedsWhileTheSinkIsDown() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (Engine engine = engine("http://127.0.0.1:" + closedPort + "/api/v1/lineage");
        Session session = engine.newSession("tester")) {
      VersionsTestBase.addItems(session, "coco,1,image,cc-by-4.0,100");
      try (var r = session.execute("SELECT COUNT(*) FROM lake.items")) {
        assertThat(VersionsTestBase.drain(r.resultSet()).get(0).get(0)).isEqualTo(1L);
      }
      engine.flushRunLog();
      try (var r = session.execute("SELECT event_type, event FROM obs.lineage_events "
          + "WHERE job_name <> '' ORDER BY event_time")) {
        List<List<Object>> rows = VersionsTestBase.drain(r.resultSet());
        assertThat(rows).extracting(row -> row.get(0)).contains("START", "COMPLETE");
        for (List<Object> row : rows) {
          assertValid(JSON.readTree((String) row.get(1)));
        }
      }
    }
  }

  private static void assertValid(JsonNode event) {
    Set<ValidationMessage> errors = SCHEMA.validate(event);
    assertThat(errors).as("OpenLineage 2-0-2 violations of %s", event).isEmpty();
  }

  /** The first event received that matches, waiting for the emitter's thread. */
  private JsonNode await(Predicate<JsonNode> match) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (JsonNode e : received) {
        if (match.test(e)) {
          return e;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("No such event among " + received.size() + " received: "
        + received);
  }
}
