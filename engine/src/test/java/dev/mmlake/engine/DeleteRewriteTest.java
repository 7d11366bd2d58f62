package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.TableAppender;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** DELETE rewrites only the data files that hold matching rows, keeping other rows exact. */
class DeleteRewriteTest extends EngineTestBase {

  @Test
  void deleteOfOneRowInTenFilesRewritesOneFileAndKeepsRowsExact() throws IOException {
    exec("CREATE TABLE lake.del (id INTEGER, ts TIMESTAMP)");
    Table t = engine.lakehouse().table("lake.del");
    for (int f = 0; f < 10; f++) {
      if (f == 5) { // schema evolution half way: later files carry a new column
        t.updateSchema().addColumn("note", Types.StringType.get()).commit();
      }
      try (TableAppender out = engine.lakehouse().appender(t)) {
        for (int k = 0; k < 3; k++) {
          Record r = out.newRecord();
          int id = f * 10 + k;
          r.setField("id", id);
          // microseconds that a millisecond round trip would lose
          LocalDateTime ts = LocalDateTime.of(2026, 12, 1, 10, 0).plusNanos(id * 1_001_001_000L);
          r.setField("ts", timestamp(t.schema().findType("ts"), ts));
          if (f >= 5) {
            r.setField("note", "n" + id);
          }
          out.add(r);
        }
        out.commit();
      }
    }
    t.refresh();
    Set<String> filesBefore = files(t);
    List<Record> before = records(t);
    assertThat(filesBefore).hasSize(10);

    assertThat(exec("DELETE FROM lake.del WHERE id = 71").updateCount()).isEqualTo(1L);

    t.refresh();
    Snapshot s = t.currentSnapshot();
    assertThat(s.summary()).containsEntry("deleted-data-files", "1")
        .containsEntry("added-data-files", "1").containsEntry("deleted-records", "3")
        .containsEntry("added-records", "2");
    Set<String> filesAfter = files(t);
    Set<String> kept = new HashSet<>(filesBefore);
    kept.retainAll(filesAfter);
    assertThat(kept).hasSize(9);
    List<Record> expected = new ArrayList<>(before);
    expected.removeIf(r -> (Integer) r.getField("id") == 71);
    assertThat(records(t)).containsExactlyInAnyOrderElementsOf(expected).hasSize(29);

    // Nothing matches: no new snapshot. A condition Iceberg cannot prune on still works.
    assertThat(exec("DELETE FROM lake.del WHERE id = 999").updateCount()).isEqualTo(0L);
    assertThat(t.currentSnapshot().snapshotId()).isEqualTo(s.snapshotId());
    assertThat(exec("DELETE FROM lake.del d WHERE MOD(d.id, 10) = 2 AND d.note IS NOT NULL")
        .updateCount()).isEqualTo(5L);
    t.refresh();
    assertThat(t.currentSnapshot().summary()).containsEntry("deleted-data-files", "5");
    assertThat(scalar("SELECT COUNT(*) FROM lake.del")).isEqualTo(24L);
    expected.removeIf(r -> (Integer) r.getField("id") % 10 == 2 && r.getField("note") != null);
    assertThat(records(t)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void rowsWhoseConditionIsNullAreKept() {
    exec("CREATE TABLE lake.deln (id INTEGER, name VARCHAR)");
    exec("INSERT INTO lake.deln VALUES (1, 'a'), (2, NULL), (3, 'c')");
    assertThat(exec("DELETE FROM lake.deln WHERE name <> 'a'").updateCount()).isEqualTo(1L);
    assertThat(rows("SELECT id FROM lake.deln ORDER BY id")).containsExactly(List.of(1),
        List.of(2));
    assertThat(exec("DELETE FROM lake.deln").updateCount()).isEqualTo(2L);
    assertThat(scalar("SELECT COUNT(*) FROM lake.deln")).isEqualTo(0L);
  }

  private static Object timestamp(Type type, LocalDateTime ts) {
    return ((Types.TimestampType) type).shouldAdjustToUTC() ? OffsetDateTime.of(ts,
        ZoneOffset.UTC) : ts;
  }

  private static Set<String> files(Table t) throws IOException {
    Set<String> out = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      tasks.forEach(task -> out.add(task.file().location()));
    }
    return out;
  }

  private static List<Record> records(Table t) throws IOException {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> rs = IcebergGenerics.read(t).build()) {
      rs.forEach(r -> out.add(r.copy()));
    }
    return out;
  }
}
