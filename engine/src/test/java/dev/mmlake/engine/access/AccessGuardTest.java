package dev.mmlake.engine.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.connectors.DataRoots;
import dev.mmlake.engine.sql.SqlParsing;
import dev.mmlake.functions.Effect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which parsed statements a read-only session refuses, wherever the function call hides. */
class AccessGuardTest {
  @TempDir Path dir;

  private static final FunctionEffects EFFECTS = FunctionEffects.of(Map.of(
      "PURE_TABLE", Set.of(),
      "EMBED_TEXT", Set.of(Effect.WRITES_TABLES),
      "CAS_GET", Set.of(Effect.READS_BLOBS),
      "READ_COCO", Set.of(Effect.READS_SERVER_FILES, Effect.WRITES_CAS)));

  private Optional<AccessGuard.Refusal> check(String sql, SessionAccess access) throws Exception {
    SqlNode node = SqlParsing.parse(sql);
    return new AccessGuard(EFFECTS, dir.resolve("cas"))
        .check(node, SqlParsing.kindOf(node), access, "reader");
  }

  private Optional<AccessGuard.Refusal> readOnly(String sql) throws Exception {
    return check(sql, SessionAccess.readOnly(DataRoots.unrestricted()));
  }

  @Test
  void callsAreFoundWhereverTheyAre() throws Exception {
    for (String sql : List.of(
        "SELECT EMBED_TEXT(text) FROM lake.items",
        "SELECT UPPER(CAST(EMBED_TEXT(text) AS VARCHAR)) FROM lake.items",
        "SELECT * FROM lake.items WHERE id IN (SELECT id FROM t WHERE EMBED_TEXT(x) IS NULL)",
        "SELECT * FROM TABLE(PURE_TABLE(CURSOR(SELECT EMBED_TEXT(text) FROM lake.items)))",
        "WITH w AS (SELECT embed_text('a') AS v) SELECT * FROM w",
        "SELECT \"EMBED_TEXT\"('a')",
        "EXPLAIN PLAN FOR SELECT EMBED_TEXT('a')",
        "SELECT a.id FROM lake.items a JOIN lake.items b ON EMBED_TEXT(a.text) = EMBED_TEXT(b.text)",
        "SELECT id FROM lake.items ORDER BY EMBED_TEXT(text)[1]")) {
      Optional<AccessGuard.Refusal> r = readOnly(sql);
      assertThat(r).as(sql).isPresent();
      assertThat(r.get().message()).as(sql).containsIgnoringCase("EMBED_TEXT")
          .contains("Permission denied: user reader is read-only")
          .contains("writes lakehouse tables");
    }
  }

  @Test
  void theRefusalPointsAtTheCall() throws Exception {
    AccessGuard.Refusal r = readOnly("SELECT id,\n  read_coco('/a', '/b') FROM t").orElseThrow();
    assertThat(r.line()).isEqualTo(2);
    assertThat(r.column()).isEqualTo(3);
    assertThat(r.message()).contains("read_coco reads files on the server and writes blobs");
    assertThat(readOnly("SELECT * FROM TABLE(read_coco('/a', '/b'))")).isPresent();
  }

  @Test
  void pureQueriesAndReadWriteSessionsPass() throws Exception {
    assertThat(readOnly("SELECT id, UPPER(text) FROM lake.items WHERE id > 3")).isEmpty();
    assertThat(readOnly("SELECT * FROM TABLE(PURE_TABLE(CURSOR(SELECT id FROM t)))")).isEmpty();
    assertThat(readOnly("SELECT * FROM lake.\"items@v1\"")).isEmpty();
    assertThat(check("SELECT EMBED_TEXT('a')", SessionAccess.readWrite(DataRoots.unrestricted())))
        .isEmpty();
    assertThat(check("INSERT INTO t SELECT * FROM TABLE(read_coco('/a', '/b'))",
        SessionAccess.readWrite(DataRoots.only(List.of())))).isEmpty();
  }

  @Test
  void writeStatementsAreRefusedByKind() throws Exception {
    for (String sql : List.of("INSERT INTO t VALUES (1)", "DELETE FROM t WHERE id = 1",
        "CREATE TABLE t2 (id INTEGER)", "DROP TABLE t")) {
      assertThat(readOnly(sql)).as(sql).get().extracting(AccessGuard.Refusal::message)
          .asString().contains("is read-only").contains("statements are refused");
    }
  }

  @Test
  void blobReadsNeedTheContentStoreBelowADataRoot() throws Exception {
    Files.createDirectories(dir.resolve("cas"));
    Files.createDirectories(dir.resolve("data"));
    String sql = "SELECT CAS_GET(content_uri) FROM lake.items";
    assertThat(readOnly(sql)).get().extracting(AccessGuard.Refusal::message).asString()
        .contains("CAS_GET reads blob bytes").contains("--data-root");
    assertThat(check(sql, SessionAccess.readOnly(DataRoots.only(List.of(dir.resolve("data"))))))
        .isPresent();
    assertThat(check(sql, SessionAccess.readOnly(DataRoots.only(List.of(dir.resolve("cas"))))))
        .isEmpty();
    assertThat(check("SELECT EMBED_TEXT('a')",
        SessionAccess.readOnly(DataRoots.only(List.of(dir))))).isPresent();
  }
}
