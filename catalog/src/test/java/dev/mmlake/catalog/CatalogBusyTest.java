package dev.mmlake.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.testing.CommitFaults;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite catalog shared by several processes: WAL, busy timeout, retries, CATALOG_BUSY. */
class CatalogBusyTest {
  private static final TableIdentifier T = TableIdentifier.of("lake", "t");
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id",
      Types.IntegerType.get()));

  @TempDir Path dir;

  @Test
  void sqliteCatalogRunsInWalModeWithABusyTimeout() throws Exception {
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(dir))) {
      lh.createTable(T, SCHEMA);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("catalog.db"));
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal"); // persistent in the file
    }
  }

  @Test
  void twoLakehouseInstancesOnOneCatalogCommitInTurnWithoutStaleReads() {
    // two opens of one lakehouse behave like two processes: separate catalogs and connections
    try (Lakehouse a = Lakehouse.open(LakehouseConfig.embedded(dir));
         Lakehouse b = Lakehouse.open(LakehouseConfig.embedded(dir))) {
      a.createTable(T, SCHEMA);
      for (int i = 0; i < 5; i++) {
        append(a, 2 * i);
        append(b, 2 * i + 1); // fails with SQLITE_BUSY_SNAPSHOT if b reads a stale catalog
        assertThat(b.table(T).currentSnapshot().snapshotId())
            .isEqualTo(a.table(T).currentSnapshot().snapshotId());
      }
      assertThat(ids(a)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
      assertThat(a.commitRetries() + b.commitRetries()).isZero();
    }
  }

  @Test
  void busyCommitAttemptsAreRetriedWithBackoff() {
    CommitFaults faults = new CommitFaults();
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(dir), faults)) {
      lh.createTable(T, SCHEMA);
      long retriesBefore = lh.commitRetries();
      faults.busy("lake.t", 3);

      append(lh, 1);

      assertThat(faults.injected()).isEqualTo(3);
      assertThat(ids(lh)).containsExactly(1);
      assertThat(lh.commitRetries() - retriesBefore).isEqualTo(3);
    }
  }

  @Test
  void catalogBusyPastTheRetriesIsCatalogBusyAndChangesNothing() {
    CommitFaults faults = new CommitFaults();
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(dir), faults)) {
      lh.createTable(T, SCHEMA);
      append(lh, 1);
      lh.table(T).updateProperties().set(TableProperties.COMMIT_NUM_RETRIES, "2")
          .set(TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "1").commit();
      faults.busy("lake.t", 100);

      assertThatThrownBy(() -> append(lh, 2))
          .isInstanceOf(CatalogBusyException.class)
          .hasMessageStartingWith("lakehouse busy: another process holds the catalog; retried 2 "
              + "times committing to lake.t")
          .satisfies(e -> assertThat(((CatalogBusyException) e).code())
              .isEqualTo(ErrorCode.CATALOG_BUSY));
      assertThat(faults.injected()).isEqualTo(3);
      faults.clear();
      assertThat(ids(lh)).containsExactly(1);
    }
  }

  @Test
  void anotherProcessHoldingTheCatalogLockMakesCommitsWaitThenFailAsBusy() throws Exception {
    LakehouseConfig config = LakehouseConfig.embedded(dir)
        .with("catalog.jdbc.busy_timeout", "100");
    try (Lakehouse lh = Lakehouse.open(config)) {
      lh.createTable(T, SCHEMA);
      append(lh, 1);
      lh.table(T).updateProperties().set(TableProperties.COMMIT_NUM_RETRIES, "1")
          .set(TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "1").commit();
      try (Connection other = DriverManager.getConnection(config.catalogUri());
           Statement st = other.createStatement()) {
        st.execute("BEGIN IMMEDIATE"); // the write lock, as another process's commit holds it

        assertThatThrownBy(() -> append(lh, 2)).isInstanceOf(CatalogBusyException.class)
            .hasMessageContaining("retried 1 times");
        assertThat(ids(lh)).as("readers are not blocked in WAL mode").containsExactly(1);

        st.execute("ROLLBACK");
      }
      append(lh, 3);
      assertThat(ids(lh)).containsExactlyInAnyOrder(1, 3);
    }
  }

  private static void append(Lakehouse lh, int id) {
    try (TableAppender a = lh.appender(lh.table(T))) {
      GenericRecord r = a.newRecord();
      r.setField("id", id);
      a.add(r);
      a.commit();
    }
  }

  static List<Integer> ids(Lakehouse lh) {
    List<Integer> ids = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(lh.table(T)).build()) {
      rows.forEach(r -> ids.add((Integer) r.getField("id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }
}
