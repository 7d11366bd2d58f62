package dev.mmlake.engine.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planned files are kept per table, snapshot, schema and filter, and only for those. */
class PlannedFilesTest {
  @TempDir Path dir;

  @Test
  void aRepeatedScanOfASnapshotPlansOnceAndACommitPlansAgain() throws Exception {
    try (Engine engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lh")));
         Session session = engine.newSession("test")) {
      session.execute("CREATE TABLE lake.t (id BIGINT, s VARCHAR)").close();
      session.execute("INSERT INTO lake.t VALUES (1, 'a'), (2, 'b')").close();
      Table table = engine.lakehouse().table(TableIdentifier.of("lake", "t"));
      long snapshot = table.currentSnapshot().snapshotId();
      AtomicInteger plans = new AtomicInteger();
      Expression idIsOne = Expressions.equal("id", 1L);
      List<FileScanTask> first = plan(table, snapshot, idIsOne, plans);
      List<FileScanTask> again = plan(table, snapshot, idIsOne, plans);
      assertThat(plans).as("the second plan is the kept one").hasValue(1);
      assertThat(again).isSameAs(first);

      plan(table, snapshot, Expressions.equal("id", 2L), plans);
      assertThat(plans).as("another filter is another plan").hasValue(2);

      session.execute("INSERT INTO lake.t VALUES (3, 'c')").close();
      table.refresh();
      plan(table, table.currentSnapshot().snapshotId(), idIsOne, plans);
      assertThat(plans).as("a new snapshot is another plan").hasValue(3);
      assertThat(rows(session)).as("the query sees the commit").isEqualTo(3);
      assertThat(rows(session)).isEqualTo(3);
    }
  }

  private static List<FileScanTask> plan(Table table, long snapshot, Expression filter,
      AtomicInteger plans) {
    Supplier<List<FileScanTask>> planner = () -> {
      plans.incrementAndGet();
      return List.of();
    };
    return PlannedFiles.get(table, snapshot, table.schema(), filter, false, planner);
  }

  private static long rows(Session session) throws Exception {
    try (var r = session.execute("SELECT COUNT(*) FROM lake.t WHERE s >= 'a'")) {
      var rs = r.resultSet();
      rs.next();
      return rs.getLong(1);
    }
  }
}
