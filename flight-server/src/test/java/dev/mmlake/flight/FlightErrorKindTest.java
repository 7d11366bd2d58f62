package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mmlake.cas.ContentRef;
import dev.mmlake.cas.ContentStore;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.ErrorKind;
import dev.mmlake.functions.FunctionCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Flight status follows the error's kind, each provoked for real and read through the Flight
 * SQL JDBC driver: USER is INVALID_ARGUMENT (or NOT_FOUND), DATA is INTERNAL with the blob named,
 * CONFLICT and EXTERNAL are UNAVAILABLE, an untyped bug is INTERNAL and never INVALID_ARGUMENT.
 * The description carries the code; the status metadata carries code and kind.
 */
class FlightErrorKindTest extends FlightTestBase {
  private static final String MISSING_MODEL = "no-such-clip-model";

  /** A function with a bug: an untyped exception, as a programming error would throw. */
  public static final class BuggyFunction {
    public String eval(Integer x) {
      throw new IllegalStateException("buggy function reached an impossible state for " + x);
    }
  }

  /** A function whose commit lost a race, as Iceberg reports it. */
  public static final class ConflictingFunction {
    public String eval(Integer x) {
      throw new CommitFailedException("Cannot commit lake.t: metadata location changed");
    }
  }

  static {
    FunctionCatalog.register("TEST_BUGGY", BuggyFunction.class);
    FunctionCatalog.register("TEST_CONFLICT", ConflictingFunction.class);
  }

  @Override
  LakehouseConfig lakehouseConfig(Path home) {
    return LakehouseConfig.embedded(home)
        .with("embed.clip.model-dir", home.resolveSibling(MISSING_MODEL).toString());
  }

  @BeforeAll
  void createTable() throws Exception {
    try (Connection c = connect()) {
      update(c, "CREATE TABLE lake.t (x INTEGER)");
      update(c, "INSERT INTO lake.t VALUES (1)");
    }
  }

  /** The Flight status a JDBC error carries (the driver shades Arrow, so read it reflectively). */
  record Status(FlightStatusCode code, String description) {
  }

  private static Status flightError(SQLException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getClass().getSimpleName().equals("FlightRuntimeException")) {
        try {
          Object status = c.getClass().getMethod("status").invoke(c);
          Object code = status.getClass().getMethod("code").invoke(status);
          Object description = status.getClass().getMethod("description").invoke(status);
          return new Status(FlightStatusCode.valueOf(code.toString()), (String) description);
        } catch (ReflectiveOperationException x) {
          throw new AssertionError(x);
        }
      }
    }
    return fail("No FlightRuntimeException in the cause chain of " + e, e);
  }

  private Status error(String sql) {
    try (Connection c = connect()) {
      rows(c, sql);
    } catch (SQLException e) {
      return flightError(e);
    }
    return fail("Expected " + sql + " to fail");
  }

  private Status updateError(String update) {
    try (Connection c = connect()) {
      update(c, update);
    } catch (SQLException e) {
      return flightError(e);
    }
    return fail("Expected " + update + " to fail");
  }

  @Test
  void userErrorsAreInvalidArgumentOrNotFound() {
    Status parse = error("SELEC 1");
    assertThat(parse.code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
    assertThat(parse.description()).startsWith("PARSE_ERROR: At line 1, column 1");

    Status column = error("SELECT nosuch FROM lake.t");
    assertThat(column.code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
    assertThat(column.description()).startsWith("VALIDATION_ERROR: At line 1, column 8");

    Status badKey = error("SELECT CAS_GET('cas://sha256/xyz') FROM lake.t");
    assertThat(badKey.code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
    assertThat(badKey.description()).startsWith("INVALID_ARGUMENT: Invalid content key");

    Status drop = updateError("DROP TABLE lake.no_such_table");
    assertThat(drop.code()).isEqualTo(FlightStatusCode.NOT_FOUND);
    assertThat(drop.description()).startsWith("NOT_FOUND: ").contains("no_such_table");
  }

  @Test
  void corruptBlobIsADataErrorNamingTheBlob() throws Exception {
    ContentStore cas = engine.lakehouse().cas();
    ContentRef ref = cas.put("the original bytes".getBytes(StandardCharsets.UTF_8));
    Path file = cas.pathOf(ref.hash());
    Files.delete(file); // blobs may be written read-only
    Files.writeString(file, "bit rot");

    Status e = error("SELECT CAS_GET('" + ref.uri() + "') FROM lake.t");
    assertThat(e.code()).isEqualTo(FlightStatusCode.INTERNAL);
    assertThat(e.description()).startsWith("CORRUPT_BLOB: Corrupt blob " + ref.uri())
        .doesNotContain("Internal error");
  }

  @Test
  void commitConflictIsUnavailableSoClientsRetry() {
    Status e = error("SELECT TEST_CONFLICT(x) FROM lake.t");
    assertThat(e.code()).isEqualTo(FlightStatusCode.UNAVAILABLE);
    assertThat(e.description()).startsWith("COMMIT_CONFLICT: ")
        .contains("table is unchanged");
  }

  @Test
  void untypedBugIsInternalNeverInvalidArgument() throws Exception {
    Status e = error("SELECT TEST_BUGGY(x) FROM lake.t");
    assertThat(e.code()).isEqualTo(FlightStatusCode.INTERNAL);
    assertThat(e.description()).startsWith("INTERNAL: Internal error: ")
        .contains("buggy function reached an impossible state");

    // the server keeps working, and a plain Flight SQL client sees code and kind as metadata
    try (BufferAllocator a = new RootAllocator();
         FlightSqlClient sql = new FlightSqlClient(FlightClient.builder(a,
             Location.forGrpcInsecure("127.0.0.1", server.port())).build())) {
      assertThatThrownBy(() -> {
        FlightInfo info = sql.execute("SELECT TEST_BUGGY(x) FROM lake.t");
        try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
          while (stream.next()) {
            // drain
          }
        }
      }).isInstanceOfSatisfying(FlightRuntimeException.class, f -> {
        assertThat(f.status().code()).isEqualTo(FlightStatusCode.INTERNAL);
        assertThat(f.status().metadata().get(FlightErrors.CODE_KEY))
            .isEqualTo(ErrorCode.INTERNAL.name());
        assertThat(f.status().metadata().get(FlightErrors.KIND_KEY))
            .isEqualTo(ErrorKind.INTERNAL.name());
      });
    }
    try (Connection c = connect()) {
      assertThat(rows(c, "SELECT x FROM lake.t")).containsExactly(List.of(1));
    }
  }

  @Test
  void missingModelIsExternalAndUnavailable() {
    assumeTrue(System.getenv("MMLAKE_EMBED_CLIP_MODEL_DIR") == null
        && System.getenv("MMLAKE_CLIP_MODEL_DIR") == null, "a CLIP model is configured here");
    Status e = error("SELECT EMBED_CLIP('a photo of a cat') FROM lake.t");
    assertThat(e.code()).isEqualTo(FlightStatusCode.UNAVAILABLE);
    assertThat(e.description()).startsWith("MODEL_UNAVAILABLE: ")
        .contains(MISSING_MODEL);
  }
}
