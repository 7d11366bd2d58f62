package dev.mmlake.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.testing.CommitFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one commit path under each mode of the {@link CommitFaults} fixture. */
class TableCommitterTest {
  private static final TableIdentifier T = TableIdentifier.of("lake", "t");
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id",
      Types.IntegerType.get()));

  @TempDir Path dir;
  private final CommitFaults faults = new CommitFaults();
  private Lakehouse lh;

  @BeforeEach
  void open() {
    lh = Lakehouse.open(LakehouseConfig.embedded(dir), faults);
    lh.createTable(T, SCHEMA);
    append(1);
  }

  @AfterEach
  void close() {
    lh.close();
  }

  @Test
  void failBeforeCommitLeavesLastGoodSnapshotAndDeletesTheFiles() {
    CommitFaults.disableRetries(lh.table(T));
    long good = lh.table(T).currentSnapshot().snapshotId();
    faults.failBeforeCommit("lake.t", 1);

    assertThatThrownBy(() -> append(2)).isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("Injected commit failure for lake.t");

    assertThat(faults.injected()).isEqualTo(1);
    assertThat(lh.table(T).currentSnapshot().snapshotId()).isEqualTo(good);
    assertThat(ids()).containsExactly(1);
    assertThat(dataFilesOnDisk()).containsExactlyInAnyOrderElementsOf(referencedFiles());
  }

  @Test
  void failBeforeCommitIsRetriedByIceberg() {
    faults.failBeforeCommit("lake.t", 2); // the table allows 20 retries

    append(2);

    assertThat(faults.injected()).isEqualTo(2);
    assertThat(ids()).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void unknownCommitStateKeepsTheDataFilesAndSaysHowToCheck() {
    long before = lh.table(T).currentSnapshot().snapshotId();
    faults.failAfterCommit("lake.t", 1);
    TableAppender a = lh.appender(lh.table(T));
    a.add(row(a, 2));

    assertThatThrownBy(a::commit).isInstanceOf(CommitOutcomeUnknownException.class)
        .isInstanceOf(CommitStateUnknownException.class)
        .hasMessageContaining("The commit to lake.t may or may not have succeeded")
        .hasMessageContaining("data files were kept")
        .hasMessageContaining("SELECT * FROM lake.\"t$snapshots\"");
    a.close(); // closing after an unknown outcome must not delete anything either

    Table t = lh.table(T);
    assertThat(t.currentSnapshot().snapshotId()).isNotEqualTo(before); // the commit did happen
    for (String f : referencedFiles()) {
      assertThat(Files.exists(Path.of(URI.create(f)))).as("data file %s", f).isTrue();
    }
    assertThat(ids()).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void conflictingAppendIsRetriedAndKeepsBothWriters() {
    faults.conflict("lake.t", 1, () -> append(10));

    append(2);

    assertThat(faults.injected()).isEqualTo(1);
    assertThat(ids()).containsExactlyInAnyOrder(1, 10, 2);
    assertThat(lh.table(T).snapshots()).hasSize(3);
  }

  @Test
  void overwriteRetriedAfterAMetadataOnlyConflict() {
    Table t = lh.table(T);
    long base = t.currentSnapshot().snapshotId();
    faults.conflict("lake.t", 1);

    TableAppender a = lh.appender(t);
    a.add(row(a, 5));
    a.commitReplacing(currentFiles(t), base);

    assertThat(faults.injected()).isEqualTo(1);
    assertThat(lh.table(T).properties()).containsKey("test.conflicting-writer");
    assertThat(ids()).containsExactly(5);
  }

  @Test
  void overwriteConflictingWithNewDataIsRefusedAndLosesNothing() {
    Table t = lh.table(T);
    long base = t.currentSnapshot().snapshotId();
    List<DataFile> old = currentFiles(t);
    faults.conflict("lake.t", 1, () -> append(10));

    TableAppender a = lh.appender(t);
    a.add(row(a, 5));
    assertThatThrownBy(() -> a.commitReplacing(old, base))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("Cannot commit to lake.t: another writer committed a conflicting "
            + "change")
        .hasMessageContaining("the table is unchanged, run the statement again");

    assertThat(ids()).containsExactlyInAnyOrder(1, 10);
    assertThat(dataFilesOnDisk()).containsExactlyInAnyOrderElementsOf(referencedFiles());
  }

  private void append(int id) {
    try (TableAppender a = lh.appender(lh.table(T))) {
      a.add(row(a, id));
      a.commit();
    }
  }

  private static GenericRecord row(TableAppender a, int id) {
    GenericRecord r = a.newRecord();
    r.setField("id", id);
    return r;
  }

  private List<Integer> ids() {
    List<Integer> ids = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(lh.table(T)).build()) {
      rows.forEach(r -> ids.add((Integer) r.getField("id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  private static List<DataFile> currentFiles(Table t) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private List<String> referencedFiles() {
    return currentFiles(lh.table(T)).stream().map(f -> normalize(f.location())).toList();
  }

  private List<String> dataFilesOnDisk() {
    Path data = Path.of(URI.create(normalize(lh.table(T).location()))).resolve("data");
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(p -> p.toString().endsWith(".parquet"))
          .map(p -> p.toUri().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Iceberg writes local locations as plain paths or file: URIs; compare them as file: URIs. */
  private static String normalize(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location.replaceFirst("^file:/+",
        "file:///"))).toUri().toString() : Path.of(location).toUri().toString();
  }
}
