package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;

/** Delete files written by Iceberg's own API (as Spark or Trino write them) are applied. */
class RowLevelDeletesReadTest extends EngineTestBase {

  @Test
  void positionAndEqualityDeletesFromRowDeltaAreApplied() throws IOException {
    exec("CREATE TABLE lake.rd (id INTEGER, name VARCHAR)");
    exec("INSERT INTO lake.rd VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')");
    Table t = engine.lakehouse().table("lake.rd");
    DataFile file;
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      file = tasks.iterator().next().file();
    }
    GenericAppenderFactory factory = new GenericAppenderFactory(t.schema(), t.spec(),
        new int[] {t.schema().findField("name").fieldId()},
        t.schema().select("name"), null);

    // Position deletes: rows 1 and 3 of the file (ids 2 and 4).
    PositionDeleteWriter<Record> pos = factory.newPosDeleteWriter(out(t, "pos"),
        FileFormat.PARQUET, null);
    try (pos) {
      PositionDelete<Record> d = PositionDelete.create();
      pos.write(d.set(file.location(), 1L, null));
      pos.write(d.set(file.location(), 3L, null));
    }
    DeleteFile posFile = pos.toDeleteFile();
    t.newRowDelta().addDeletes(posFile).commit();

    assertThat(rows("SELECT id FROM lake.rd ORDER BY id"))
        .containsExactly(List.of(1), List.of(3), List.of(5));
    assertThat(scalar("SELECT COUNT(*) FROM lake.rd")).isEqualTo(3L);
    assertThat(scalar("SELECT COUNT(*) FROM lake.rd WHERE id > 1")).isEqualTo(2L);

    // Equality delete on name = 'e'.
    Schema nameOnly = t.schema().select("name");
    EqualityDeleteWriter<Record> eq = factory.newEqDeleteWriter(out(t, "eq"),
        FileFormat.PARQUET, null);
    try (eq) {
      Record r = GenericRecord.create(nameOnly);
      r.setField("name", "e");
      eq.write(r);
    }
    t.newRowDelta().addDeletes(eq.toDeleteFile()).commit();

    assertThat(rows("SELECT id, name FROM lake.rd ORDER BY id"))
        .containsExactly(List.of(1, "a"), List.of(3, "c"));
    assertThat(scalar("SELECT COUNT(*) FROM lake.rd")).isEqualTo(2L);
    assertThat(scalar("SELECT COUNT(id) FROM lake.rd")).isEqualTo(2L);

    // A DELETE through mmlake rewrites the file without the rows the delete files removed.
    assertThat(exec("DELETE FROM lake.rd WHERE id = 3").updateCount()).isEqualTo(1L);
    assertThat(rows("SELECT id, name FROM lake.rd")).containsExactly(List.of(1, "a"));
  }

  private static EncryptedOutputFile out(Table t, String name) {
    return EncryptedFiles.plainAsEncryptedOutput(t.io().newOutputFile(
        t.locationProvider().newDataLocation(name + "-deletes.parquet")));
  }
}
