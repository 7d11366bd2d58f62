package dev.mmlake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.testing.CommitFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Insert-if-absent appends re-check their keys against the snapshot they commit on. */
class UniqueAppendTest {
  private static final TableIdentifier T = TableIdentifier.of("lake", "k");
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.StringType.get()),
      Types.NestedField.optional(2, "writer", Types.StringType.get()));

  @TempDir Path dir;
  private final CommitFaults faults = new CommitFaults();
  private Lakehouse lh;

  @BeforeEach
  void open() {
    lh = Lakehouse.open(LakehouseConfig.embedded(dir), faults);
    lh.createTable(T, SCHEMA);
  }

  @AfterEach
  void close() {
    lh.close();
  }

  @Test
  void repeatedKeysInOneAppendAreSkippedAndCounted() {
    TableAppender a = unique(null);
    assertThat(a.add(row(a, "x", "a"))).isTrue();
    assertThat(a.add(row(a, "x", "a"))).isFalse();
    a.add(row(a, "y", "a"));
    a.commit();
    assertThat(a.skipped()).isEqualTo(1);
    assertThat(a.rows()).isEqualTo(2);
    assertThat(ids()).containsExactlyInAnyOrder("x", "y");
  }

  @Test
  void keysCommittedByAnotherWriterAfterTheCheckAreDroppedAtCommit() {
    commitAs("other", "b", "z"); // table state the statement checked
    Long checked = lh.table(T).currentSnapshot().snapshotId();
    TableAppender mine = unique(checked);
    for (String id : List.of("a", "c", "d")) {
      mine.add(row(mine, id, "mine"));
    }
    commitAs("other", "c", "e"); // committed after the check, before our commit

    mine.commit();

    assertThat(mine.skipped()).isEqualTo(1);
    assertThat(mine.rows()).isEqualTo(2);
    assertThat(ids()).containsExactlyInAnyOrder("b", "z", "c", "e", "a", "d");
  }

  @Test
  void aWriterCommittingDuringOurCommitIsCaughtByTheValidation() {
    TableAppender mine = unique(null);
    mine.add(row(mine, "a", "mine"));
    mine.add(row(mine, "b", "mine"));
    // between our key check and our commit, another process commits "b"
    faults.conflict("lake.k", 1, () -> commitAs("other", "b"));

    mine.commit();

    assertThat(ids()).containsExactlyInAnyOrder("a", "b");
    assertThat(mine.skipped()).isEqualTo(1);
  }

  @Test
  void twoThreadsAppendingTheSameKeysCommitEachKeyOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CyclicBarrier bothChecked = new CyclicBarrier(2);
    List<Future<Long>> written = new ArrayList<>();
    try {
      for (String writer : List.of("w1", "w2")) {
        written.add(pool.submit(() -> {
          TableAppender a = unique(null);
          for (int i = 0; i < 50; i++) {
            a.add(row(a, "id-" + i, writer));
          }
          bothChecked.await(30, TimeUnit.SECONDS);
          a.commit();
          return a.rows();
        }));
      }
      long total = written.get(0).get(60, TimeUnit.SECONDS) + written.get(1).get(60,
          TimeUnit.SECONDS);
      assertThat(total).isEqualTo(50);
    } finally {
      pool.shutdownNow();
    }
    assertThat(ids()).hasSize(50).doesNotHaveDuplicates();
  }

  private TableAppender unique(Long checkedSnapshot) {
    Table t = lh.table(T);
    return lh.appender(t).uniqueOn(List.of("id"), checkedSnapshot);
  }

  private void commitAs(String writer, String... ids) {
    try (TableAppender a = lh.appender(lh.table(T))) {
      for (String id : ids) {
        a.add(row(a, id, writer));
      }
      a.commit();
    }
  }

  private static GenericRecord row(TableAppender a, String id, String writer) {
    GenericRecord r = a.newRecord();
    r.setField("id", id);
    r.setField("writer", writer);
    return r;
  }

  private List<String> ids() {
    List<String> ids = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(lh.table(T)).build()) {
      rows.forEach(r -> ids.add((String) r.getField("id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }
}
