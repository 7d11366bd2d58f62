package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.CommitFaults;
import dev.mmlake.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitFailureTest extends EngineTestBase {

  @Test
  void failedCommitLeavesLastGoodSnapshotAndNoPartialRows() {
    exec("CREATE TABLE lake.f (id INTEGER)");
    exec("INSERT INTO lake.f VALUES (1), (2)");
    long good = engine.lakehouse().table("lake.f").currentSnapshot().snapshotId();

    engine.lakehouse().commitFaults(CommitFaults.failNext(1, "lake.f"));
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
}
