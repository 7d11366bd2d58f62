package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.catalog.testing.CommitFaults;
import dev.mmlake.error.ErrorCode;
import java.util.List;
import org.apache.iceberg.data.GenericRecord;
import org.junit.jupiter.api.Test;

class CommitFailureTest extends EngineTestBase {

  @Test
  void failedCommitLeavesLastGoodSnapshotAndNoPartialRows() {
    exec("CREATE TABLE lake.f (id INTEGER)");
    exec("INSERT INTO lake.f VALUES (1), (2)");
    long good = engine.lakehouse().table("lake.f").currentSnapshot().snapshotId();

    CommitFaults.disableRetries(engine.lakehouse().table("lake.f"));
    faults.failBeforeCommit("lake.f", 1);
    assertThatThrownBy(() -> exec("INSERT INTO lake.f VALUES (3), (4), (5)"))
        .isInstanceOf(SqlStatementException.class)
        .satisfies(e -> assertThat(((SqlStatementException) e).code())
            .isEqualTo(ErrorCode.COMMIT_CONFLICT))
        .hasMessageContaining("table is unchanged");

    assertThat(engine.lakehouse().table("lake.f").currentSnapshot().snapshotId()).isEqualTo(good);
    assertThat(rows("SELECT id FROM lake.f ORDER BY id")).containsExactly(List.of(1), List.of(2));
    // the data files of the failed commit were deleted, not left for a later reader
    assertThat(rows("SELECT COUNT(*) FROM lake.\"f$files\"")).containsExactly(List.of(1L));
    // and the next statement works
    exec("INSERT INTO lake.f VALUES (3)");
    assertThat(scalar("SELECT COUNT(*) FROM lake.f")).isEqualTo(3L);
    assertThat(rows("SELECT status FROM obs.runs WHERE statement_kind = 'INSERT' ORDER BY started_at"))
        .containsExactly(List.of("ok"), List.of("error"), List.of("ok"));
  }

  @Test
  void failingStatementMidwayWritesNothing() {
    exec("CREATE TABLE lake.g (id INTEGER, d DOUBLE)");
    exec("INSERT INTO lake.g VALUES (1, 1.0)");
    // division by zero happens while rows are being produced, after some rows were buffered
    assertThatThrownBy(() -> exec("INSERT INTO lake.g SELECT id + 1, 1 / (id - 1) FROM lake.g"))
        .isInstanceOf(SqlStatementException.class);
    assertThat(scalar("SELECT COUNT(*) FROM lake.g")).isEqualTo(1L);
    assertThat(engine.lakehouse().table("lake.g").snapshots()).hasSize(1);
  }

  @Test
  void unknownCommitStateKeepsTheFilesAndTheRowsReadable() {
    exec("CREATE TABLE lake.u (id INTEGER)");
    exec("INSERT INTO lake.u VALUES (1)");
    faults.failAfterCommit("lake.u", 1);

    assertThatThrownBy(() -> exec("INSERT INTO lake.u VALUES (2), (3)"))
        .isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("may or may not have succeeded")
        .hasMessageContaining("lake.\"u$snapshots\"");

    // the commit happened: its files were kept, so the table reads, with the new rows
    assertThat(rows("SELECT id FROM lake.u ORDER BY id"))
        .containsExactly(List.of(1), List.of(2), List.of(3));
    assertThat(rows("SELECT COUNT(*) FROM lake.\"u$snapshots\"")).containsExactly(List.of(2L));
  }

  @Test
  void deleteConflictingWithAConcurrentInsertIsRefusedAndLosesNothing() {
    exec("CREATE TABLE lake.d (id INTEGER)");
    exec("INSERT INTO lake.d VALUES (1), (2)");
    faults.conflict("lake.d", 1, () -> insertAsAnotherWriter("lake.d", 9));

    assertThatThrownBy(() -> exec("DELETE FROM lake.d WHERE id = 1"))
        .isInstanceOf(SqlStatementException.class)
        .satisfies(e -> assertThat(((SqlStatementException) e).code())
            .isEqualTo(ErrorCode.COMMIT_CONFLICT))
        .hasMessageContaining("another writer committed a conflicting change")
        .hasMessageContaining("run the statement again");

    assertThat(rows("SELECT id FROM lake.d ORDER BY id"))
        .containsExactly(List.of(1), List.of(2), List.of(9));
  }

  /** Commits one row straight through the lakehouse, as a writer in another process would. */
  private void insertAsAnotherWriter(String table, int id) {
    Lakehouse lh = engine.lakehouse();
    try (TableAppender a = lh.appender(lh.table(table))) {
      GenericRecord r = a.newRecord();
      r.setField("id", id);
      a.add(r);
      a.commit();
    }
  }
}
