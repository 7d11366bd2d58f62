package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.testing.CommitFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.junit.jupiter.api.Test;

/**
 * A version's replace-and-tag commit goes through the lakehouse's one commit path: the fixture's
 * faults reach it.
 */
class DatasetCommitTest extends VersionsTestBase {
  private static final String V1 = header("coco", "v001", "none", "")
      + "SELECT * FROM lake.items WHERE source_id <> '3'";
  private static final String V2 = header("coco", "v002", "v001", "") + "SELECT * FROM lake.items";

  @Test
  void versionCommitConflictingWithAnotherWriterIsRefusedAndLosesNothing() {
    addItems(session, "coco,1,image,cc0-1.0,10", "coco,2,image,cc0-1.0,20",
        "coco,3,image,cc0-1.0,30");
    VersionRecord v1 = new RecipeRunner(session).run(Recipe.parse(V1, null));
    long filesBefore = dataFiles("datasets.coco");
    faults.conflict("datasets.coco", 1);

    assertThatThrownBy(() -> new RecipeRunner(session).run(Recipe.parse(V2, null)))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("Cannot commit version v002 of datasets.coco")
        .hasMessageContaining("the dataset is unchanged, run the recipe again");

    assertThat(faults.injected()).isEqualTo(1);
    Table coco = engine.lakehouse().table("datasets.coco");
    assertThat(coco.properties()).containsKey("test.conflicting-writer"); // the other write stays
    assertThat(coco.currentSnapshot().snapshotId()).isEqualTo(v1.snapshotId());
    assertThat(coco.refs()).containsOnlyKeys("main", "v001");
    assertThat(dataFiles("datasets.coco")).isEqualTo(filesBefore);
    assertThat(scalar("SELECT COUNT(*) FROM datasets.\"coco@v001\"")).isEqualTo(2L);

    // once the other writer is done, the same recipe commits
    VersionRecord v2 = new RecipeRunner(session).run(Recipe.parse(V2, null));
    assertThat(scalar("SELECT COUNT(*) FROM datasets.\"coco@v002\"")).isEqualTo(3L);
    assertThat(v2.snapshotId()).isNotEqualTo(v1.snapshotId());
  }

  @Test
  void failedVersionCommitLeavesThePreviousVersionAndDeletesItsFiles() {
    addItems(session, "coco,1,image,cc0-1.0,10", "coco,2,image,cc0-1.0,20",
        "coco,3,image,cc0-1.0,30");
    VersionRecord v1 = new RecipeRunner(session).run(Recipe.parse(V1, null));
    CommitFaults.disableRetries(engine.lakehouse().table("datasets.coco"));
    long filesBefore = dataFiles("datasets.coco");
    faults.failBeforeCommit("datasets.coco", 1);

    assertThatThrownBy(() -> new RecipeRunner(session).run(Recipe.parse(V2, null)))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("Injected commit failure for datasets.coco");

    assertThat(faults.injected()).isEqualTo(1);
    Table coco = engine.lakehouse().table("datasets.coco");
    assertThat(coco.currentSnapshot().snapshotId()).isEqualTo(v1.snapshotId());
    assertThat(coco.refs()).containsOnlyKeys("main", "v001");
    assertThat(dataFiles("datasets.coco")).isEqualTo(filesBefore);
    assertThat(new VersionStore(engine.lakehouse()).list()).hasSize(1);
  }

  @Test
  void aPartitionedDatasetTableIsRefusedBeforeAnythingIsWritten() {
    addItems(session, "coco,1,image,cc0-1.0,10");
    session.execute("CREATE TABLE datasets.coco (source_id VARCHAR) PARTITIONED BY (source_id)")
        .close();

    assertThatThrownBy(() -> new RecipeRunner(session).run(Recipe.parse(V1, null)))
        .isInstanceOf(RecipeException.class)
        .hasMessageContaining("Dataset table datasets.coco is partitioned")
        .hasMessageContaining("drop it or use another dataset name");
    assertThat(engine.lakehouse().table("datasets.coco").currentSnapshot()).isNull();
  }

  private long dataFiles(String table) {
    String location = engine.lakehouse().table(table).location();
    Path data = (location.startsWith("file:") ? Path.of(URI.create(location))
        : Path.of(location)).resolve("data");
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
