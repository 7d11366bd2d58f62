package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.connectors.DataRoots;
import dev.mmlake.engine.access.SessionAccess;
import dev.mmlake.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A read-only session runs queries, time travel and system tables, and refuses, with
 * PERMISSION_DENIED naming the function, any statement that could write or read server files.
 */
class ReadOnlySessionTest extends EngineTestBase {

  private Session readOnly() {
    Session s = engine.newSession("reader");
    s.access(SessionAccess.readOnly(DataRoots.unrestricted()));
    return s;
  }

  @Test
  void queriesTimeTravelAndSystemTablesWork() {
    exec("CREATE TABLE lake.t (id INTEGER, text VARCHAR)");
    exec("INSERT INTO lake.t VALUES (1, 'a')");
    long first = (Long) scalar("SELECT snapshot_id FROM lake.\"t$snapshots\"");
    exec("INSERT INTO lake.t VALUES (2, 'b')");
    try (Session s = readOnly()) {
      assertThat(s.access().isReadOnly()).isTrue();
      assertThat(count(s, "SELECT COUNT(*) FROM lake.t")).isEqualTo(2L);
      assertThat(count(s, "SELECT COUNT(*) FROM lake.\"t@" + first + "\"")).isEqualTo(1L);
      assertThat(count(s, "SELECT COUNT(*) FROM lake.\"t$snapshots\"")).isEqualTo(2L);
      assertThat(count(s, "SELECT COUNT(*) FROM obs.runs")).isPositive();
      try (PreparedSql p = s.prepare("SELECT COUNT(*) FROM lake.t WHERE id > ?");
           StatementResult r = p.execute(List.of(1))) {
        assertThat(drain(r.resultSet())).containsExactly(List.of(1L));
      }
    }
  }

  @Test
  void effectfulFunctionsAndWritesAreRefused() {
    exec("CREATE TABLE lake.t (id INTEGER, text VARCHAR)");
    try (Session s = readOnly()) {
      refused(s, "SELECT EMBED_TEXT(text) FROM lake.t", "EMBED_TEXT");
      refused(s, "SELECT * FROM TABLE(read_coco('/etc/a.json', '/etc'))", "read_coco");
      refused(s, "SELECT * FROM TABLE(ANN_DEDUP(CURSOR(SELECT id, content_hash, text, "
          + "CAST(NULL AS REAL ARRAY) AS v, 1.0 AS q FROM lake.items), 0.9))", "ANN_DEDUP");
      refused(s, "SELECT LENGTH(CAS_GET(content_uri)) FROM lake.items", "CAS_GET");
      refused(s, "SELECT VIDEO_KEYFRAMES(content_uri, 2) FROM lake.items", "VIDEO_KEYFRAMES");
      refused(s, "INSERT INTO lake.t VALUES (1, 'x')", "INSERT statements are refused");
      refused(s, "CREATE TABLE lake.t2 (id INTEGER)", "CREATE_TABLE statements are refused");
      assertThatThrownBy(() -> s.prepare("SELECT EMBED_TEXT(?)"))
          .isInstanceOf(SqlStatementException.class).hasMessageContaining("EMBED_TEXT");
    }
    assertThat(scalar("SELECT COUNT(*) FROM lake.t")).isEqualTo(0L);
    assertThat(scalar("SELECT COUNT(*) FROM lake.embeddings")).isEqualTo(0L);
    assertThat(scalar("SELECT COUNT(*) FROM obs.runs WHERE user_name = 'reader' "
        + "AND status = 'error'")).isEqualTo(7L);
  }

  @Test
  void aPreparedStatementIsCheckedAgainWhenTheSessionBecomesReadOnly() {
    exec("CREATE TABLE lake.t (id INTEGER)");
    try (Session s = engine.newSession("alice");
         PreparedSql p = s.prepare("INSERT INTO lake.t VALUES (?)")) {
      p.execute(List.of(1)).close();
      s.access(SessionAccess.readOnly(DataRoots.unrestricted()));
      assertThatThrownBy(() -> p.execute(List.of(2))).isInstanceOf(SqlStatementException.class)
          .hasMessageContaining("read-only");
    }
    assertThat(scalar("SELECT COUNT(*) FROM lake.t")).isEqualTo(1L);
  }

  private static void refused(Session s, String sql, String expected) {
    assertThatThrownBy(() -> s.execute(sql).close()).as(sql)
        .isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("Permission denied: user reader is read-only")
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(((SqlStatementException) e).code())
            .isEqualTo(ErrorCode.PERMISSION_DENIED));
  }

  private static long count(Session s, String sql) {
    try (StatementResult r = s.execute(sql)) {
      return (Long) drain(r.resultSet()).get(0).get(0);
    }
  }
}
