package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

class TimeTravelTest extends EngineTestBase {

  @Test
  void readsAnySnapshotByIdAndByTag() {
    exec("CREATE TABLE lake.tt (id INTEGER)");
    exec("INSERT INTO lake.tt VALUES (1)");
    Table t = engine.lakehouse().table("lake.tt");
    long first = t.currentSnapshot().snapshotId();
    t.manageSnapshots().createTag("v1", first).commit();
    exec("INSERT INTO lake.tt VALUES (2), (3)");

    assertThat(scalar("SELECT COUNT(*) FROM lake.tt")).isEqualTo(3L);
    assertThat(scalar("SELECT COUNT(*) FROM lake.\"tt@" + first + "\"")).isEqualTo(1L);
    assertThat(scalar("SELECT COUNT(*) FROM lake.\"tt@v1\"")).isEqualTo(1L);
    assertThat(rows("SELECT name, type, snapshot_id FROM lake.\"tt$refs\" WHERE name = 'v1'"))
        .containsExactly(List.of("v1", "TAG", first));
    assertThat(rows("SELECT COUNT(*) FROM lake.\"tt$snapshots\"")).containsExactly(List.of(2L));
    assertThat(rows("SELECT SUM(record_count) FROM lake.\"tt$files\"")).containsExactly(List.of(3L));
    assertThatThrownBy(() -> rows("SELECT * FROM lake.\"tt@nope\""))
        .isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("no snapshot, tag or branch named 'nope'");
    assertThatThrownBy(() -> exec("INSERT INTO lake.\"tt@v1\" VALUES (9)"))
        .isInstanceOf(SqlStatementException.class).hasMessageContaining("read-only");
  }
}
