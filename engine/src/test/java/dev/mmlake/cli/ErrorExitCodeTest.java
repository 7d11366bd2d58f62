package dev.mmlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mmlake.cas.ContentRef;
import dev.mmlake.cas.ContentStore;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.error.ErrorKind;
import dev.mmlake.functions.FunctionCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's exit code follows the kind of the error, each provoked for real: 1 user, 2 internal,
 * 3 data, 4 conflict, 5 external. An untyped bug is never reported as the user's fault.
 */
class ErrorExitCodeTest {
  @TempDir Path dir;
  private String home;

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

  @BeforeAll
  static void registerTestFunctions() {
    FunctionCatalog.register("TEST_BUGGY", BuggyFunction.class);
    FunctionCatalog.register("TEST_CONFLICT", ConflictingFunction.class);
  }

  @BeforeEach
  void createTable() {
    home = dir.resolve("lh").toString();
    assertThat(CliRun.run("sql", "--home", home, "CREATE TABLE lake.t (x INTEGER)").code()).isZero();
    assertThat(CliRun.run("sql", "--home", home, "INSERT INTO lake.t VALUES (1)").code()).isZero();
  }

  private CliRun sql(String statement) {
    return CliRun.run("sql", "--home", home, statement);
  }

  @Test
  void userErrorsExitOne() {
    CliRun parse = sql("SELEC 1");
    assertThat(parse.code()).isEqualTo(Main.exitCode(ErrorKind.USER)).isEqualTo(1);
    assertThat(parse.err()).startsWith("Error: At line 1, column 1");

    CliRun missing = sql("SELECT * FROM lake.no_such_table");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no_such_table").doesNotContain("Internal error");

    CliRun badArgument = sql("SELECT CAS_GET('cas://sha256/not-a-digest') FROM lake.t");
    assertThat(badArgument.code()).isEqualTo(1);
    assertThat(badArgument.err()).contains("Invalid content key");

    CliRun badOption = CliRun.run("sql", "--home", home, "--no-such-option", "SELECT 1");
    assertThat(badOption.code()).as("picocli's usage errors exit EX_USAGE").isEqualTo(64);
  }

  @Test
  void corruptBlobIsADataErrorNamingTheBlobAndExitsThree() throws Exception {
    ContentStore cas = new ContentStore(Path.of(home, "cas"));
    ContentRef ref = cas.put("the original bytes".getBytes(StandardCharsets.UTF_8));
    Path file = cas.pathOf(ref.hash());
    Files.delete(file); // blobs may be written read-only
    Files.writeString(file, "bit rot");

    CliRun r = sql("SELECT CAS_GET('" + ref.uri() + "') FROM lake.t");
    assertThat(r.code()).isEqualTo(Main.exitCode(ErrorKind.DATA)).isEqualTo(3);
    assertThat(r.err()).startsWith("Data error (CORRUPT_BLOB)").contains(ref.uri())
        .doesNotContain("at dev.mmlake");
  }

  @Test
  void commitConflictExitsFour() {
    CliRun r = sql("SELECT TEST_CONFLICT(x) FROM lake.t");
    assertThat(r.code()).isEqualTo(Main.exitCode(ErrorKind.CONFLICT)).isEqualTo(4);
    assertThat(r.err()).startsWith("Conflict (COMMIT_CONFLICT; run it again)")
        .contains("table is unchanged");
  }

  @Test
  void catalogHeldByAnotherProcessPastTheRetriesExitsFourAsBusy() throws Exception {
    Files.writeString(Path.of(home, "mmlake.properties"), "catalog.jdbc.busy_timeout=50\n");
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(Path.of(home)))) {
      lh.table("lake.t").updateProperties().set("commit.retry.num-retries", "1")
          .set("commit.retry.min-wait-ms", "1").commit();
    }
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + home + "/catalog.db");
         Statement st = other.createStatement()) {
      st.execute("BEGIN IMMEDIATE"); // another process in the middle of a commit

      CliRun r = sql("INSERT INTO lake.t VALUES (2)");

      assertThat(r.code()).isEqualTo(Main.exitCode(ErrorKind.CONFLICT)).isEqualTo(4);
      assertThat(r.err()).contains("Conflict (CATALOG_BUSY; run it again): lakehouse busy: "
          + "another process holds the catalog; retried 1 times");
      st.execute("ROLLBACK");
    }
    assertThat(sql("SELECT COUNT(*) FROM lake.t").out()).contains("1");
  }

  @Test
  void untypedBugIsInternalAndExitsTwoNeverOne() {
    CliRun r = sql("SELECT TEST_BUGGY(x) FROM lake.t");
    assertThat(r.code()).isEqualTo(Main.exitCode(ErrorKind.INTERNAL)).isEqualTo(2);
    assertThat(r.err()).startsWith("Internal error")
        .contains("IllegalStateException: buggy function reached an impossible state")
        .contains("--verbose");
  }

  @Test
  void missingModelIsExternalAndExitsFive() throws Exception {
    assumeTrue(System.getenv("MMLAKE_EMBED_CLIP_MODEL_DIR") == null
        && System.getenv("MMLAKE_CLIP_MODEL_DIR") == null, "a CLIP model is configured here");
    Files.writeString(Path.of(home, "mmlake.properties"),
        "embed.clip.model-dir=" + dir.resolve("no-such-model").toString().replace('\\', '/') + "\n");

    CliRun r = sql("SELECT EMBED_CLIP('a photo of a cat') FROM lake.t");
    assertThat(r.code()).isEqualTo(Main.exitCode(ErrorKind.EXTERNAL)).isEqualTo(5);
    assertThat(r.err()).startsWith("External error (MODEL_UNAVAILABLE)").contains("no-such-model");
  }
}
